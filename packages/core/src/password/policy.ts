/** Which passwords may be hashed or verified at all: one rule for every format and every hasher. */
import { IdentityError } from "../errors.js";

/**
 * The longest password, in UTF-8 bytes after NFKD normalisation (SPEC "Passwords"). Longer ones are
 * refused before any hashing work, so no request can buy seconds of CPU: SHA-crypt hashes the
 * password length-squared times, and NFKD expands some characters 11-fold in UTF-8 (U+FDFA: 3 -> 33 bytes).
 */
export const MAX_PASSWORD_BYTES = 1024;

/** The longest stored hash we look at; longer strings are refused without parsing. */
export const MAX_HASH_LENGTH = 1024;

const encoder = new TextEncoder();

/** UTF-8 length of `text`, or Infinity once it certainly exceeds `limit` (without encoding it). */
function boundedUtf8Length(text: string, limit: number): number {
	// n UTF-16 code units hold at least n / 2 code points, each at least one byte.
	return text.length > 2 * limit ? Number.POSITIVE_INFINITY : encoder.encode(text).length;
}

/**
 * Whether `password` may be hashed or verified: a string of 1 to `MAX_PASSWORD_BYTES` (1024) UTF-8
 * bytes after NFKD normalisation. The same rule the hashers apply, for validating a login field.
 */
export function isAcceptablePassword(password: unknown): password is string {
	if (typeof password !== "string" || password.length === 0) return false;
	// NFKD maps every code point to at least one, so its form has at least password.length / 2 bytes.
	if (password.length > 2 * MAX_PASSWORD_BYTES) return false;
	return boundedUtf8Length(password.normalize("NFKD"), MAX_PASSWORD_BYTES) <= MAX_PASSWORD_BYTES;
}

/**
 * Throws unless `isAcceptablePassword(password)`.
 * @throws IdentityError `ERR_INVALID_ARGUMENT`, whose message names the limit, never the password.
 */
export function assertAcceptablePassword(password: unknown): asserts password is string {
	if (!isAcceptablePassword(password)) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Password must be 1 to ${MAX_PASSWORD_BYTES} bytes (UTF-8, after NFKD normalisation)`);
	}
}

/**
 * The forms of an acceptable password to try against a stored hash: the NFKD form (what new hashes
 * use), then the raw input when it differs and is itself within `MAX_PASSWORD_BYTES`. Empty for a
 * password that `isAcceptablePassword` refuses.
 */
export function passwordCandidates(password: string): string[] {
	if (!isAcceptablePassword(password)) return [];
	const normalized = password.normalize("NFKD");
	if (normalized === password || boundedUtf8Length(password, MAX_PASSWORD_BYTES) > MAX_PASSWORD_BYTES) return [normalized];
	return [normalized, password];
}
