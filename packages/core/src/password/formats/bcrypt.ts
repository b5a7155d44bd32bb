/** bcrypt `$2a$`, `$2b$`, `$2y$` (verification only). Internal. */
import { bcrypt } from "hash-wasm";
import { constantTimeEqual } from "../constant-time.js";
import { decodeSixBit, utf8 } from "../encoding.js";

const BCRYPT = /^\$2[aby]\$([0-9]{2})\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;
// bcrypt's own base64 alphabet; its 22-character salt holds 16 bytes (the last 4 bits are dropped).
const ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** The highest cost read from a stored hash (2^16 rounds, several seconds); above it the hash is refused. */
export const BCRYPT_MAX_COST = 16;

/** Whether `hash` looks like a bcrypt hash. */
export function isBcryptHash(hash: string): boolean {
	return /^\$2[aby]\$/.test(hash);
}

/**
 * Whether `password` matches a bcrypt hash. bcrypt reads only the first 72 bytes of the UTF-8
 * password, so longer passwords are truncated exactly as every bcrypt implementation does.
 * All three prefixes compute the same way for passwords of at most 72 bytes.
 */
export async function verifyBcrypt(password: string, hash: string): Promise<boolean> {
	const match = BCRYPT.exec(hash);
	if (!match) return false;
	const cost = Number(match[1]);
	if (cost < 4 || cost > BCRYPT_MAX_COST) return false;
	const bytes = utf8(password).subarray(0, 72);
	if (bytes.length === 0) return false;
	const encoded = await bcrypt({ password: bytes, salt: decodeSixBit(match[2] as string, ALPHABET, 16), costFactor: cost, outputType: "encoded" });
	return constantTimeEqual(utf8(encoded.slice(-31)), utf8(match[3] as string));
}
