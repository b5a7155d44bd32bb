import { IdentityError } from "../errors.js";
import { importHmacKey, hmacSha256 } from "../token/hmac.js";
import { encodeBase64url } from "./bytes.js";

/** RFC 4648 base32: no 0, 1, 8 or 9, so fewer look-alikes. */
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** 10 characters of 5 bits: 50 bits per code. */
const codeLength = 10;
const label = "@identity/core:v1:recovery-code";
const encoder = new TextEncoder();

/**
 * `count` new random recovery codes, shown to the user as `XXXXX-XXXXX` (10 base32 characters,
 * 50 bits each). Store only {@link hashRecoveryCode} of each; show the codes once.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` unless `count` is an integer from 1 to 100.
 */
export function createRecoveryCodes(count = 10): string[] {
	if (!Number.isInteger(count) || count < 1 || count > 100) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid recovery code count: expected an integer from 1 to 100");
	}
	const codes = new Set<string>();
	while (codes.size < count) {
		// 256 is a multiple of 32, so `byte & 31` is uniform.
		const bytes = crypto.getRandomValues(new Uint8Array(codeLength));
		const text = Array.from(bytes, (byte) => alphabet[byte & 31]).join("");
		codes.add(`${text.slice(0, 5)}-${text.slice(5)}`);
	}
	return [...codes];
}

/**
 * The canonical form of a typed recovery code, or null when it cannot be one: case, spaces and
 * dashes are ignored, and the look-alikes `0`, `1` and `8` read as `O`, `I` and `B`.
 */
export function readRecoveryCode(input: unknown): string | null {
	if (typeof input !== "string" || input.length > 64) return null;
	const text = input
		.replace(/[\s-]+/g, "")
		.toUpperCase()
		.replaceAll("0", "O")
		.replaceAll("1", "I")
		.replaceAll("8", "B");
	return text.length === codeLength && /^[A-Z2-7]+$/.test(text) ? text : null;
}

/**
 * A keyed hash of a recovery code (HMAC-SHA-256 under `secretKey`, base64url), computed on the
 * canonical form ({@link readRecoveryCode}), so `abcde fghij` and `ABCDE-FGHIJ` hash alike. Input
 * that cannot be a code still hashes (to a value no stored code has), so callers need no branch.
 * With rotated secrets, hash under each secret to find codes stored before the rotation.
 *
 * @param secretKey A secret of at least 32 bytes (the identity's secret).
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for a short key or a code that is not a string.
 */
export async function hashRecoveryCode(secretKey: string | Uint8Array, code: string): Promise<string> {
	const key = typeof secretKey === "string" ? encoder.encode(secretKey) : secretKey;
	if (!(key instanceof Uint8Array) || key.byteLength < 32) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid recovery code key: expected at least 32 bytes");
	}
	if (typeof code !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid recovery code: expected a string");
	// A code that cannot be canonical gets a distinct prefix, so it never collides with a real one.
	const canonical = readRecoveryCode(code);
	const message = canonical === null ? `${label}:invalid:${code.slice(0, 64)}` : `${label}:${canonical}`;
	return encodeBase64url(await hmacSha256(await importHmacKey(key), message));
}
