/** werkzeug's `pbkdf2:<digest>:<iterations>$salt$hex` and `scrypt:<n>:<r>:<p>$salt$hex`. Internal. */
import { scrypt } from "hash-wasm";
import { constantTimeEqual } from "../constant-time.js";
import { decodeHex, parseDecimal, utf8 } from "../encoding.js";
import { pbkdf2 } from "../pbkdf2.js";
import { PBKDF2_MAX_ITERATIONS } from "./passlib-pbkdf2.js";

/** Limits on scrypt parameters read from a stored hash (werkzeug's default is n=32768, r=8, p=1: 32 MiB). */
export const SCRYPT_LIMITS = { maxN: 1_048_576, maxR: 32, maxP: 16, maxMemoryBytes: 268_435_456, maxWork: 2_097_152 };

const PBKDF2 = /^pbkdf2:(sha256|sha512|sha1):([0-9]{1,10})\$([^$]{1,128})\$([0-9a-f]{40,128})$/;
const SCRYPT = /^scrypt(?::([0-9]{1,8}):([0-9]{1,3}):([0-9]{1,3}))?\$([^$]{1,128})\$([0-9a-f]{2,256})$/;
const DIGESTS = { sha256: ["SHA-256", 32], sha512: ["SHA-512", 64], sha1: ["SHA-1", 20] } as const;

/** Whether `hash` looks like a werkzeug PBKDF2 or scrypt hash. */
export function isWerkzeugHash(hash: string): boolean {
	return /^(pbkdf2:|scrypt[:$])/.test(hash);
}

/** Whether `password` (exactly as given) matches a werkzeug hash; false when malformed or over the limits. */
export async function verifyWerkzeug(password: string, hash: string): Promise<boolean> {
	return hash.startsWith("pbkdf2:") ? verifyWerkzeugPbkdf2(password, hash) : verifyWerkzeugScrypt(password, hash);
}

async function verifyWerkzeugPbkdf2(password: string, hash: string): Promise<boolean> {
	const match = PBKDF2.exec(hash);
	if (!match) return false;
	const [name, length] = DIGESTS[match[1] as keyof typeof DIGESTS];
	const iterations = parseDecimal(match[2]);
	const expected = decodeHex(match[4] as string);
	if (iterations === null || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) return false;
	if (!expected || expected.length !== length) return false;
	const derived = await pbkdf2(name, utf8(password), utf8(match[3] as string), iterations, length);
	return constantTimeEqual(derived, expected);
}

async function verifyWerkzeugScrypt(password: string, hash: string): Promise<boolean> {
	const match = SCRYPT.exec(hash);
	if (!match) return false;
	const n = match[1] === undefined ? 32768 : parseDecimal(match[1]);
	const r = match[2] === undefined ? 8 : parseDecimal(match[2]);
	const p = match[3] === undefined ? 1 : parseDecimal(match[3]);
	const expected = decodeHex(match[5] as string);
	if (n === null || r === null || p === null || !expected || expected.length === 0) return false;
	if (n < 2 || (n & (n - 1)) !== 0 || n > SCRYPT_LIMITS.maxN || r < 1 || r > SCRYPT_LIMITS.maxR) return false;
	if (p < 1 || p > SCRYPT_LIMITS.maxP || 128 * n * r > SCRYPT_LIMITS.maxMemoryBytes || n * r * p > SCRYPT_LIMITS.maxWork) return false;
	const derived = await scrypt({
		password: utf8(password),
		salt: utf8(match[4] as string),
		costFactor: n,
		blockSize: r,
		parallelism: p,
		hashLength: expected.length,
		outputType: "binary"
	});
	return constantTimeEqual(derived, expected);
}
