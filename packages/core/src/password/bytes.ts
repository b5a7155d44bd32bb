/** Byte helpers shared by the password formats. Internal: not exported from the package. */

const encoder = new TextEncoder();

/** Bytes backed by a plain ArrayBuffer (what WebCrypto accepts). */
export type Bytes = Uint8Array<ArrayBuffer>;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The longest password (in UTF-16 code units) we hash or verify; longer input is refused (DoS). */
export const MAX_PASSWORD_LENGTH = 4096;

/** UTF-8 bytes of a string. */
export function utf8(text: string): Bytes {
	return encoder.encode(text);
}

/** Cryptographically random bytes. */
export function randomBytes(length: number): Bytes {
	return crypto.getRandomValues(new Uint8Array(length));
}

/** Compares two byte arrays without an early exit on the first difference. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
	return diff === 0;
}

/** Whether a password may be hashed or verified at all: non-empty and not absurdly long. */
export function isAcceptablePassword(password: unknown): password is string {
	return typeof password === "string" && password.length > 0 && password.length <= MAX_PASSWORD_LENGTH;
}

/** The forms to try for a stored hash: NFKD first, then the raw input when it differs. */
export function passwordCandidates(password: string): string[] {
	const normalized = password.normalize("NFKD");
	return normalized === password ? [password] : [normalized, password];
}

/** Standard base64 without padding (the PHC string alphabet). */
export function encodeBase64NoPad(bytes: Uint8Array): string {
	let out = "";
	for (let i = 0; i < bytes.length; i += 3) {
		const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
	}
	return out;
}

/** Standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
	const raw = encodeBase64NoPad(bytes);
	return raw + "=".repeat((4 - (raw.length % 4)) % 4);
}

/** Decodes standard base64 (padding optional); null when malformed. */
export function decodeBase64(text: string): Bytes | null {
	const body = text.replace(/={1,2}$/, "");
	if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1) return null;
	const out = new Uint8Array(Math.floor((body.length * 6) / 8));
	let bits = 0;
	let value = 0;
	let o = 0;
	for (const c of body) {
		value = (value << 6) | B64.indexOf(c);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (value >> bits) & 0xff;
		}
	}
	return out;
}

/** passlib's "ab64": base64 without padding, with "." in place of "+". */
export function encodeAb64(bytes: Uint8Array): string {
	return encodeBase64NoPad(bytes).replaceAll("+", ".");
}

/** Decodes passlib's "ab64"; null when malformed. */
export function decodeAb64(text: string): Bytes | null {
	return text.includes("+") ? null : decodeBase64(text.replaceAll(".", "+"));
}

/** Decodes lowercase or uppercase hex; null when malformed. */
export function decodeHex(text: string): Bytes | null {
	if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return null;
	const out = new Uint8Array(text.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
	return out;
}

/** Reads a decimal integer of at most 10 digits; null otherwise. */
export function parseDecimal(text: string | undefined): number | null {
	return text !== undefined && /^[0-9]{1,10}$/.test(text) ? Number(text) : null;
}

/**
 * Lets other tasks run: long synchronous loops (SHA-crypt rounds, the pure-JS PBKDF2) call this
 * every few thousand steps so one legacy verification never freezes the event loop for seconds.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

/** How many hash steps run between two `yieldToEventLoop()` calls (about 10-30 ms of work). */
export const STEPS_PER_YIELD = 8192;
