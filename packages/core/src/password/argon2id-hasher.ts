import { IdentityError } from "../errors.js";
import { isAcceptablePassword, passwordCandidates, randomBytes } from "./bytes.js";
import { type Argon2Params, argon2Raw, formatArgon2idHash, isArgon2Hash, parseArgon2Hash, verifyArgon2 } from "./formats/argon2.js";
import type { PasswordHasher } from "./hasher.js";
import { canCompileWasm } from "./wasm.js";

/** Options of `createArgon2idHasher`. `memorySize` is in KiB. */
export interface Argon2idHasherOptions extends Partial<Argon2Params> {
	/** Digest length in bytes. Default 32. */
	hashLength?: number;
	/** Salt length in bytes. Default 16. */
	saltLength?: number;
}

/**
 * The default Argon2id parameters: OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1).
 * OWASP rates it equal to m = 46 MiB, t = 1; we take the lower-memory one so that many logins at
 * once stay within small containers, and because WASM Argon2 runs about 2-3x slower than native
 * code, so a heavier setting would cost noticeably more per login.
 */
export const DEFAULT_ARGON2ID_PARAMS: Readonly<Argon2Params> = Object.freeze({ memorySize: 19_456, iterations: 2, parallelism: 1 });

/**
 * A `PasswordHasher` producing Argon2id PHC strings (`$argon2id$v=19$m=..,t=..,p=..$salt$hash`) with
 * hash-wasm. It verifies every Argon2 variant (i, d, id; version 19) and flags as outdated any hash
 * that is not Argon2id or has less memory or fewer iterations than these parameters.
 * Needs WebAssembly compilation (not Cloudflare workerd): there `hash` throws `ERR_UNSUPPORTED_HASH`
 * and `verify` returns false.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for parameters below Argon2's minimums.
 */
export function createArgon2idHasher(options: Argon2idHasherOptions = {}): PasswordHasher {
	const params: Argon2Params = {
		memorySize: options.memorySize ?? DEFAULT_ARGON2ID_PARAMS.memorySize,
		iterations: options.iterations ?? DEFAULT_ARGON2ID_PARAMS.iterations,
		parallelism: options.parallelism ?? DEFAULT_ARGON2ID_PARAMS.parallelism
	};
	const hashLength = options.hashLength ?? 32;
	const saltLength = options.saltLength ?? 16;
	const valid =
		[params.memorySize, params.iterations, params.parallelism, hashLength, saltLength].every(Number.isInteger) &&
		params.iterations >= 1 &&
		params.parallelism >= 1 &&
		params.memorySize >= 8 * params.parallelism &&
		hashLength >= 16 &&
		saltLength >= 8;
	if (!valid) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid Argon2id parameters");

	return {
		async hash(password) {
			if (!isAcceptablePassword(password)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Password must be 1 to 4096 characters");
			if (!canCompileWasm()) {
				throw new IdentityError("ERR_UNSUPPORTED_HASH", "Argon2id needs WebAssembly compilation, which this runtime forbids");
			}
			const salt = randomBytes(saltLength);
			const digest = await argon2Raw("id", password.normalize("NFKD"), salt, params, hashLength);
			return formatArgon2idHash(params, salt, digest);
		},
		async verify(password, hash) {
			if (!isAcceptablePassword(password) || typeof hash !== "string" || !isArgon2Hash(hash) || !canCompileWasm()) return false;
			try {
				for (const candidate of passwordCandidates(password)) if (await verifyArgon2(candidate, hash)) return true;
			} catch {
				// A hash that passed parsing but that hash-wasm still rejects is malformed: false.
			}
			return false;
		},
		recognizes: isArgon2Hash,
		needsRehash(hash) {
			const parsed = typeof hash === "string" ? parseArgon2Hash(hash) : null;
			if (!parsed || parsed.type !== "id" || parsed.digest.length < 16) return true;
			return parsed.memorySize < params.memorySize || parsed.iterations < params.iterations;
		}
	};
}
