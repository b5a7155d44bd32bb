import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

const base64urlText = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url, or null. Only the canonical spelling is accepted (a last character
 * with stray low bits is refused), so that two strings never decode to the same bytes: a flipped
 * character in sealed data or a credential is always a different value, never a silent alias.
 */
export function decodeBase64urlStrict(text: string, maxLength = Number.POSITIVE_INFINITY): Uint8Array | null {
	if (text.length > maxLength || text.length % 4 === 1 || !base64urlText.test(text)) return null;
	let bytes: Uint8Array;
	try {
		bytes = decodeBase64urlIgnorePadding(text);
	} catch {
		return null;
	}
	return encodeBase64urlNoPadding(bytes) === text ? bytes : null;
}

/** Unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
	return encodeBase64urlNoPadding(bytes);
}

/** Compares two byte arrays without an early exit on the first difference (lengths are not secret). */
export function constantTimeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
	if (a.byteLength !== b.byteLength) return false;
	let difference = 0;
	for (let i = 0; i < a.byteLength; i++) difference |= (a[i] as number) ^ (b[i] as number);
	return difference === 0;
}

/** SHA-256 with WebCrypto. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
}
