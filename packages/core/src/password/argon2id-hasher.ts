import { IdentityError } from "../errors.js";
import { createFormatHasher } from "./format-hasher.js";
import {
	type Argon2Function,
	type Argon2Params,
	formatArgon2idHash,
	isArgon2Hash,
	parseArgon2Hash,
	verifyArgon2,
	wasmArgon2
} from "./formats/argon2.js";
import type { PasswordHasher } from "./hasher.js";
import { utf8 } from "./encoding.js";
import { randomBytes } from "./random.js";
import { canCompileWasm } from "./wasm.js";

/** Options of `createArgon2idHasher`. `memorySize` is in KiB. */
export interface Argon2idHasherOptions extends Partial<Argon2Params> {
	/** Digest length in bytes. Default 32. */
	hashLength?: number;
	/** Salt length in bytes. Default 16. */
	saltLength?: number;
	/**
	 * The raw Argon2 computation. Default: hash-wasm's (WebAssembly). A native one (for example
	 * `@identity/node`'s `createNativeArgon2Hasher`) plugs in here and keeps every other rule:
	 * the PHC format, the limits on parameters read from a stored hash, NFKD, the password bound.
	 */
	argon2?: Argon2Function;
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
 * hash-wasm (or `options.argon2`). It verifies every Argon2 variant (i, d, id; version 19) and flags
 * as outdated any hash that is not Argon2id or has less memory or fewer iterations than these parameters.
 * hash-wasm needs WebAssembly compilation (not Cloudflare workerd): there `hash` throws
 * `ERR_UNSUPPORTED_HASH` and `verify` returns false.
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
	if (options.argon2 !== undefined && typeof options.argon2 !== "function") {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "The argon2 option must be a function");
	}
	const argon2 = options.argon2 ?? wasmArgon2;
	const available = () => options.argon2 !== undefined || canCompileWasm();

	return createFormatHasher({
		recognizes: isArgon2Hash,
		available,
		async hashNormalized(normalized) {
			if (!available()) throw new IdentityError("ERR_UNSUPPORTED_HASH", "Argon2id needs WebAssembly compilation, which this runtime forbids");
			const salt = randomBytes(saltLength);
			const digest = await argon2({ type: "id", password: utf8(normalized), salt, ...params, hashLength });
			return formatArgon2idHash(params, salt, digest);
		},
		verifyExact: (password, hash) => verifyArgon2(password, hash, argon2),
		needsRehash(hash) {
			const parsed = parseArgon2Hash(hash);
			if (!parsed || parsed.type !== "id" || parsed.digest.length < 16) return true;
			return parsed.memorySize < params.memorySize || parsed.iterations < params.iterations;
		}
	});
}
