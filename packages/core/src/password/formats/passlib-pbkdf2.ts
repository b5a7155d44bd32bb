/** passlib's `$pbkdf2-sha256$`, `$pbkdf2-sha512$` and `$pbkdf2$` (SHA-1) strings. Internal. */
import { constantTimeEqual } from "../constant-time.js";
import { type Bytes, decodeAb64, encodeAb64, parseDecimal, utf8 } from "../encoding.js";
import { type Pbkdf2Digest, pbkdf2 } from "../pbkdf2.js";

/** A parsed passlib PBKDF2 string. */
export interface PasslibPbkdf2Hash {
	digestName: Pbkdf2Digest;
	iterations: number;
	salt: Bytes;
	digest: Uint8Array;
}

/** The most iterations read from a stored hash; above it the hash is refused (a hostile hash cannot burn minutes). */
export const PBKDF2_MAX_ITERATIONS = 5_000_000;

const FORMAT = /^\$pbkdf2(-sha256|-sha512|)\$([0-9]{1,10})\$([./A-Za-z0-9]{0,128})\$([./A-Za-z0-9]{16,172})$/;
const DIGESTS = { "-sha256": "SHA-256", "-sha512": "SHA-512", "": "SHA-1" } as const;
const DIGEST_LENGTHS = { "SHA-256": 32, "SHA-512": 64, "SHA-1": 20 } as const;
const PREFIXES = { "SHA-256": "$pbkdf2-sha256$", "SHA-512": "$pbkdf2-sha512$", "SHA-1": "$pbkdf2$" } as const;

/** Whether `hash` looks like a passlib PBKDF2 string. */
export function isPasslibPbkdf2Hash(hash: string): boolean {
	return /^\$pbkdf2(-sha256|-sha512)?\$/.test(hash);
}

/** Parses a passlib PBKDF2 string; null when malformed or over the iteration limit. */
export function parsePasslibPbkdf2Hash(hash: string): PasslibPbkdf2Hash | null {
	const match = FORMAT.exec(hash);
	if (!match) return null;
	const iterations = parseDecimal(match[2]);
	const salt = decodeAb64(match[3] as string);
	const digest = decodeAb64(match[4] as string);
	if (iterations === null || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS || !salt || !digest) return null;
	const digestName = DIGESTS[match[1] as keyof typeof DIGESTS];
	// passlib's fixed checksum sizes: a shorter digest (a truncated column, an edited hash) would
	// verify with a shorter derived key, down to guessable lengths, so it is malformed.
	if (digest.length !== DIGEST_LENGTHS[digestName]) return null;
	return { digestName, iterations, salt, digest };
}

/** Formats a passlib-compatible PBKDF2 string (passlib's `pbkdf2_sha256.verify` accepts it). */
export function formatPasslibPbkdf2Hash(digestName: Pbkdf2Digest, iterations: number, salt: Uint8Array, digest: Uint8Array): string {
	return `${PREFIXES[digestName]}${iterations}$${encodeAb64(salt)}$${encodeAb64(digest)}`;
}

/** Whether `password` (exactly as given) matches a passlib PBKDF2 string; false when malformed. */
export async function verifyPasslibPbkdf2(password: string, hash: string): Promise<boolean> {
	const parsed = parsePasslibPbkdf2Hash(hash);
	if (!parsed) return false;
	const derived = await pbkdf2(parsed.digestName, utf8(password), parsed.salt, parsed.iterations, parsed.digest.length);
	return constantTimeEqual(derived, parsed.digest);
}
