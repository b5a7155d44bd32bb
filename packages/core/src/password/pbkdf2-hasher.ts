import { IdentityError } from "../errors.js";
import { utf8 } from "./encoding.js";
import { createFormatHasher } from "./format-hasher.js";
import { formatPasslibPbkdf2Hash, isPasslibPbkdf2Hash, parsePasslibPbkdf2Hash, verifyPasslibPbkdf2 } from "./formats/passlib-pbkdf2.js";
import type { PasswordHasher } from "./hasher.js";
import { pbkdf2 } from "./pbkdf2.js";
import { randomBytes } from "./random.js";

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
	return createFormatHasher({
		recognizes: isPasslibPbkdf2Hash,
		async hashNormalized(normalized) {
			const salt = randomBytes(saltLength);
			const digest = await pbkdf2("SHA-256", utf8(normalized), salt, iterations, 32);
			return formatPasslibPbkdf2Hash("SHA-256", iterations, salt, digest);
		},
		verifyExact: verifyPasslibPbkdf2,
		needsRehash(hash) {
			const parsed = parsePasslibPbkdf2Hash(hash);
			return !parsed || parsed.digestName !== "SHA-256" || parsed.iterations < iterations || parsed.digest.length < 32;
		}
	});
}
