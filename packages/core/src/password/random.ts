/** Salts and dummy passwords. Internal. */
import type { Bytes } from "./encoding.js";

/** Cryptographically random bytes (WebCrypto). */
export function randomBytes(length: number): Bytes {
	return crypto.getRandomValues(new Uint8Array(length));
}
