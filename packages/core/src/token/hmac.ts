const encoder = new TextEncoder();

/** Imports raw bytes as an HMAC-SHA256 key for signing and verifying (WebCrypto). */
export function importHmacKey(raw: Uint8Array): Promise<CryptoKey> {
	return crypto.subtle.importKey("raw", raw as Uint8Array<ArrayBuffer>, { name: "HMAC", hash: "SHA-256" }, false, [
		"sign",
		"verify"
	]);
}

/** HMAC-SHA256 of `data` (a string is UTF-8 encoded). */
export async function hmacSha256(key: CryptoKey, data: Uint8Array | string): Promise<Uint8Array> {
	const bytes = typeof data === "string" ? encoder.encode(data) : data;
	return new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes as Uint8Array<ArrayBuffer>));
}

/** Checks an HMAC-SHA256 signature; WebCrypto compares in constant time. */
export function verifyHmacSha256(key: CryptoKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
	return crypto.subtle.verify("HMAC", key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>);
}
