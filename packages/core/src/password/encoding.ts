/** Byte codecs of the stored-hash formats: UTF-8, base64 variants, hex, decimals. Internal. */

/** Bytes backed by a plain ArrayBuffer (what WebCrypto accepts). */
export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

/** The standard base64 alphabet (RFC 4648), as PHC strings use it. */
export const BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** UTF-8 bytes of a string. */
export function utf8(text: string): Bytes {
	return encoder.encode(text);
}

/**
 * Decodes big-endian 6-bit groups over `alphabet` (standard base64, bcrypt's `./A-Za-z0-9`), dropping
 * trailing bits that do not fill a byte. `length` caps the output. The caller has checked the characters.
 */
export function decodeSixBit(text: string, alphabet: string, length = Math.floor((text.length * 6) / 8)): Bytes {
	const out = new Uint8Array(length);
	let bits = 0;
	let value = 0;
	let o = 0;
	for (let i = 0; i < text.length && o < length; i++) {
		value = ((value << 6) | alphabet.indexOf(text[i] as string)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (value >> bits) & 0xff;
		}
	}
	return out;
}

/** Standard base64 without padding (the PHC string alphabet). */
export function encodeBase64NoPad(bytes: Uint8Array): string {
	let out = "";
	for (let i = 0; i < bytes.length; i += 3) {
		const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let j = 0; j < chars; j++) out += BASE64_ALPHABET[(n >> (18 - 6 * j)) & 63];
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
	return decodeSixBit(body, BASE64_ALPHABET);
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
