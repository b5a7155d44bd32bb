import { IdentityError } from "../errors.js";
import { isAcceptablePassword, passwordCandidates, randomBytes, utf8 } from "./bytes.js";
import { formatPasslibPbkdf2Hash, isPasslibPbkdf2Hash, parsePasslibPbkdf2Hash, verifyPasslibPbkdf2 } from "./formats/passlib-pbkdf2.js";
import type { PasswordHasher } from "./hasher.js";
import { pbkdf2 } from "./pbkdf2.js";

/** Options of `createPbkdf2Hasher`. */
export interface Pbkdf2HasherOptions {
	/** PBKDF2-HMAC-SHA256 iterations. Default 600,000 (OWASP 2023). */
	iterations?: number;
	/** Salt length in bytes. Default 16. */
	saltLength?: number;
}

/** OWASP's PBKDF2-HMAC-SHA256 recommendation. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/**
 * The most PBKDF2 iterations Cloudflare workerd's WebCrypto allows (workerd#1346). The default
 * selection uses it where WebAssembly is barred; it is below OWASP's figure, so configure a pepper there.
 */
export const WORKERD_PBKDF2_ITERATIONS = 100_000;

/**
 * A `PasswordHasher` producing PBKDF2-HMAC-SHA256 hashes with WebCrypto, in passlib's format
 * `$pbkdf2-sha256$<iterations>$<salt ab64>$<hash ab64>` (32-byte digest), which passlib's
 * `pbkdf2_sha256` verifies too. It verifies every passlib PBKDF2 string (SHA-1, SHA-256, SHA-512)
 * and flags as outdated anything else or fewer iterations. Where WebCrypto refuses the iteration
 * count (workerd over 100,000), it falls back to a much slower pure-JS PBKDF2, so a hash made
 * elsewhere still verifies.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for fewer than 1,000 iterations or a salt under 8 bytes.
 */
export function createPbkdf2Hasher(options: Pbkdf2HasherOptions = {}): PasswordHasher {
	const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
	const saltLength = options.saltLength ?? 16;
	if (!Number.isInteger(iterations) || iterations < 1000 || !Number.isInteger(saltLength) || saltLength < 8) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid PBKDF2 parameters");
	}
	return {
		async hash(password) {
			if (!isAcceptablePassword(password)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Password must be 1 to 4096 characters");
			const salt = randomBytes(saltLength);
			const digest = await pbkdf2("SHA-256", utf8(password.normalize("NFKD")), salt, iterations, 32);
			return formatPasslibPbkdf2Hash("SHA-256", iterations, salt, digest);
		},
		async verify(password, hash) {
			if (!isAcceptablePassword(password) || typeof hash !== "string" || !isPasslibPbkdf2Hash(hash)) return false;
			try {
				for (const candidate of passwordCandidates(password)) if (await verifyPasslibPbkdf2(candidate, hash)) return true;
			} catch {
				// A primitive rejected a hash that parsed: malformed, so false, never a throw.
			}
			return false;
		},
		recognizes: isPasslibPbkdf2Hash,
		needsRehash(hash) {
			const parsed = typeof hash === "string" ? parsePasslibPbkdf2Hash(hash) : null;
			return !parsed || parsed.digestName !== "SHA-256" || parsed.iterations < iterations || parsed.digest.length < 32;
		}
	};
}
