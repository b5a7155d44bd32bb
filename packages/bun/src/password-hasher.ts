import type { PasswordHasher } from "@identity/core";
import { assertAcceptablePassword, IdentityError, passwordCandidates } from "@identity/core";

/** Options of `createBunPasswordHasher`: Argon2id costs, as in core's defaults unless set. */
export interface BunPasswordHasherOptions {
	/** Memory in KiB. Default 19456 (19 MiB, OWASP; the same as core's Argon2id hasher). */
	memoryCost?: number;
	/** Iterations. Default 2. */
	timeCost?: number;
}

const argon2 = /^\$argon2(id|i|d)\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/**
 * A `PasswordHasher` on Bun's native `Bun.password` (Argon2id, off the JavaScript thread). Its PHC
 * strings (`$argon2id$v=19$m=..,t=..,p=1$salt$hash`) are the ones core's Argon2id hasher writes, so
 * hashes move freely between Bun, Node, Deno and back. The password policy is core's
 * (`isAcceptablePassword`, `passwordCandidates`): 1 to 1024 UTF-8 bytes after NFKD, the NFKD form first.
 *
 * @example
 * const identity = createIdentity({ store, secret, password: { hasher: createBunPasswordHasher() } });
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for costs below Argon2's minimums (at hash time for bad passwords).
 */
export function createBunPasswordHasher(options: BunPasswordHasherOptions = {}): PasswordHasher {
	const memoryCost = options.memoryCost ?? 19_456;
	const timeCost = options.timeCost ?? 2;
	if (!Number.isInteger(memoryCost) || !Number.isInteger(timeCost) || memoryCost < 8 || timeCost < 1) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid Argon2id parameters");
	}
	return {
		async hash(password) {
			assertAcceptablePassword(password); // core's rule: 1 to 1024 UTF-8 bytes after NFKD
			return Bun.password.hash(password.normalize("NFKD"), { algorithm: "argon2id", memoryCost, timeCost });
		},
		async verify(password, hash) {
			if (typeof hash !== "string" || !argon2.test(hash)) return false;
			// core's candidates: the NFKD form, then the raw one; none for a refused password.
			for (const candidate of passwordCandidates(password)) {
				try {
					if (await Bun.password.verify(candidate, hash)) return true;
				} catch {
					return false;
				}
			}
			return false;
		},
		recognizes(hash) {
			return typeof hash === "string" && argon2.test(hash);
		},
		needsRehash(hash) {
			const match = typeof hash === "string" ? argon2.exec(hash) : null;
			return !match || match[1] !== "id" || Number(match[2]) < memoryCost || Number(match[3]) < timeCost;
		}
	};
}
