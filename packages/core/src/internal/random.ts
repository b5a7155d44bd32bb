import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** `byteLength` random bytes as base64url (no padding). */
export function randomToken(byteLength = 16): string {
	return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** A random 32-character lowercase hex string (the `uuid4().hex` shape of Flask-Identity's uniquifiers). */
export function randomHex32(): string {
	return encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(16)));
}
