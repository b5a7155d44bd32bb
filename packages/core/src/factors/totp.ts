import { generateHOTP } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { IdentityError } from "../errors.js";
import { constantTimeEqualStrings } from "../internal/constant-time.js";

/** The TOTP time step in seconds (RFC 6238 default, the only one authenticator apps all honour). */
export const TOTP_PERIOD_SECONDS = 30;
/** The number of digits of a TOTP code. */
export const TOTP_DIGITS = 6;
/** The byte length of a new TOTP secret (160 bits, the HMAC-SHA-1 block-friendly size RFC 4226 recommends). */
export const TOTP_SECRET_BYTES = 20;

const sixDigits = /^[0-9]{6}$/;
const base32Text = /^[A-Z2-7]+$/;

/** A new random TOTP secret: 20 bytes from `crypto.getRandomValues`. */
export function createTotpSecret(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES));
}

/** The secret as RFC 4648 base32: upper case, no padding (what `otpauth://` URLs and apps expect). */
export function encodeTotpSecret(secret: Uint8Array): string {
	requireSecret(secret);
	return encodeBase32UpperCaseNoPadding(secret);
}

/**
 * Decodes a base32 TOTP secret, or null when it is not base32. Lower case, spaces and `=` padding
 * are tolerated (people copy secrets by hand); the result is never empty.
 */
export function decodeTotpSecret(encoded: string): Uint8Array | null {
	if (typeof encoded !== "string" || encoded.length > 1024) return null;
	const text = encoded.replace(/[\s=]+/g, "").toUpperCase();
	if (!base32Text.test(text)) return null;
	try {
		const bytes = decodeBase32IgnorePadding(text);
		return bytes.byteLength > 0 ? bytes : null;
	} catch {
		return null;
	}
}

/** What {@link totpUrl} puts in the key URI. */
export interface TotpUrlParts {
	/** The service name shown in the authenticator app; must not contain a colon. */
	issuer: string;
	/** The account (the user's email or username). */
	account: string;
	secret: Uint8Array;
}

/**
 * The `otpauth://totp/...` key URI (Google Authenticator key URI format) for a QR code:
 * `otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30`,
 * issuer and account percent-encoded, the label's colon literal.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty issuer or account, a colon in the issuer, or an empty secret.
 */
export function totpUrl({ issuer, account, secret }: TotpUrlParts): string {
	if (typeof issuer !== "string" || issuer === "" || issuer.includes(":")) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid TOTP issuer: expected a non-empty string without a colon");
	}
	if (typeof account !== "string" || account === "") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid TOTP account: expected a non-empty string");
	const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
	return `otpauth://totp/${label}?secret=${encodeTotpSecret(secret)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
}

/** The TOTP time step (Unix seconds / 30, floored) at `nowMs`. */
export function totpStep(nowMs: number = Date.now()): number {
	if (!Number.isFinite(nowMs) || nowMs < 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid time: expected a non-negative number of milliseconds");
	return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * Checks a 6-digit TOTP code against the previous, current and next time step and returns the
 * step it matched, or null. Store the step and accept a later code only when its step is greater
 * (`advanceTotpStep`): that is what makes a code single use. Leading and trailing whitespace is
 * ignored; anything else that is not exactly 6 ASCII digits is null. All three steps are always
 * computed and compared in constant time.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty secret or an invalid `nowMs`.
 */
export function matchTotp(secret: Uint8Array, code: string, nowMs: number = Date.now()): number | null {
	requireSecret(secret);
	const current = totpStep(nowMs);
	const candidate = typeof code === "string" && code.length <= 64 ? code.trim() : "";
	// Compare against a dummy when the shape is wrong, so that timing does not say which check failed.
	const valid = sixDigits.test(candidate);
	const typed = valid ? candidate : "xxxxxx";
	let matched: number | null = null;
	for (let step = current - 1; step <= current + 1; step++) {
		if (step < 0) continue;
		const expected = generateHOTP(secret, BigInt(step), TOTP_DIGITS);
		// The latest matching step wins: storing it refuses the code for every step it could match.
		if (constantTimeEqualStrings(expected, typed) && valid) matched = step;
	}
	return matched;
}

function requireSecret(secret: Uint8Array): void {
	if (!(secret instanceof Uint8Array) || secret.byteLength === 0) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid TOTP secret: expected non-empty bytes");
	}
}
