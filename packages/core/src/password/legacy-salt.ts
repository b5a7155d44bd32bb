/** The Flask-Security / Flask-Identity `PASSWORD_SALT` pre-hash. Internal. */
import { encodeBase64, utf8 } from "./encoding.js";

/**
 * base64(HMAC-SHA512(salt, password)): what Flask-Security-Too and Flask-Identity hand to passlib
 * instead of the password. WebCrypto runs it off the JavaScript thread where it can; it is one HMAC,
 * so it stays on the calling thread even with a worker pool.
 */
export async function legacySaltedPassword(salt: string, password: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", utf8(salt), { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
	return encodeBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(password))));
}
