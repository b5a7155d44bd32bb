import { IdentityError } from "@identity/core";

/** The longest identity value (an email address may be 320 characters). */
export const maxIdentityLength = 320;
/** The longest role name, uniquifier and login address. */
export const maxNameLength = 255;

const base32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * A random record id: 20 lowercase base32 characters (100 bits). Lowercase only, so no
 * collation anywhere can fold two ids together.
 */
export function randomId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(20));
	let id = "";
	for (const byte of bytes) id += base32[byte & 31];
	return id;
}

/** A new random uniquifier: 32 lowercase hex characters (128 bits). */
export function randomUniquifier(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	let hex = "";
	for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
	return hex;
}

/**
 * The lookup key of an identity value: NFKC, trimmed, lowercased (the same folding as the core
 * rate limiter), so `Alice`, `alice ` and `ａｌｉｃｅ` are one user on every dialect.
 */
export function identityKey(value: string): string {
	return value.normalize("NFKC").trim().toLowerCase();
}

// NUL is refused by PostgreSQL text columns; other C0 controls have no place in names.
const controlCharacters = /[\u0000-\u001f\u007f]/;

/** True when `value` could be stored as a name of at most `max` characters. */
export function isStorableText(value: unknown, max: number): value is string {
	return typeof value === "string" && value.length > 0 && value.length <= max && !controlCharacters.test(value);
}

/**
 * Checks a value before it is written.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` naming `what` (never the value itself).
 */
export function assertStorableText(value: unknown, max: number, what: string): asserts value is string {
	if (!isStorableText(value, max)) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Invalid ${what}: expected a non-empty string of at most ${max} characters without control characters`);
	}
}

/** A Date that holds a time. */
export function isValidDate(value: unknown): value is Date {
	return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * Checks an email address before it is written: storable text with a non-blank key. The store
 * does not judge the address's syntax (the identity does).
 * @throws IdentityError `ERR_INVALID_ARGUMENT`.
 */
export function assertEmail(value: unknown): string {
	assertStorableText(value, maxIdentityLength, "email");
	if (!identityKey(value)) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid email: blank");
	return value;
}

const maxKeyLength = 512;

/**
 * A rate-limit or token key as stored: itself, or, when long or odd (a 320-character identity
 * plus a prefix, control characters), its SHA-256.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty or non-string key.
 */
export async function storableKey(key: string, what: string): Promise<string> {
	if (typeof key !== "string" || key.length === 0) throw new IdentityError("ERR_INVALID_ARGUMENT", `Invalid ${what}: expected a non-empty string`);
	if (isStorableText(key, maxKeyLength)) return key;
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
	return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
