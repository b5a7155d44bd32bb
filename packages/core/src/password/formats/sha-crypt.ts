/**
 * SHA-crypt `$5$` (sha256_crypt) and `$6$` (sha512_crypt), per Ulrich Drepper's specification
 * "Unix crypt using SHA-256 and SHA-512" (the seed's default passlib schemes). Verification only. Internal.
 */
import { createSHA256, createSHA512 } from "hash-wasm";
import { constantTimeEqual, parseDecimal, STEPS_PER_YIELD, utf8, yieldToEventLoop } from "../bytes.js";
import { sha256, sha512 } from "../sha2.js";
import { canCompileWasm } from "../wasm.js";

/** The most rounds read from a stored hash (passlib's defaults are 535,000 and 656,000). */
export const SHA_CRYPT_MAX_ROUNDS = 1_000_000;

const FORMAT = /^\$([56])\$(?:rounds=([0-9]{1,10})\$)?([^$]{0,16})[^$]*\$([./0-9A-Za-z]{43}|[./0-9A-Za-z]{86})$/;
const ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// The byte order of the final encoding, three bytes per four characters (from the specification).
const ORDER_256 = [0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17, 18, 28, 8, 9, 19, 29];
const ORDER_512 = [
	0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7, 50, 8, 29, 9, 30, 51, 31, 52, 10,
	53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15, 36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41
];

type Digest = (data: Uint8Array) => Uint8Array;

/** Whether `hash` looks like a SHA-crypt hash. */
export function isShaCryptHash(hash: string): boolean {
	return /^\$[56]\$/.test(hash);
}

/** A synchronous digest: hash-wasm's WASM SHA-2 where WASM compiles (about 6x faster), else pure JS. */
async function syncDigest(bits: 256 | 512, engine: "auto" | "js"): Promise<Digest> {
	if (engine === "js" || !canCompileWasm()) return bits === 256 ? sha256 : sha512;
	const hasher = await (bits === 256 ? createSHA256() : createSHA512());
	return (data) => {
		hasher.init();
		hasher.update(data);
		return hasher.digest("binary");
	};
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const p of parts) {
		out.set(p, offset);
		offset += p.length;
	}
	return out;
}

/** `source` repeated to exactly `length` bytes. */
function stretch(source: Uint8Array, length: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i += source.length) out.set(source.subarray(0, Math.min(source.length, length - i)), i);
	return out;
}

/** The SHA-crypt digest of `password` with `salt` and `rounds`, before encoding. Yields to the event loop as it goes. */
export async function shaCryptDigest(hash: Digest, size: number, password: Uint8Array, salt: Uint8Array, rounds: number): Promise<Uint8Array> {
	const b = hash(concat([password, salt, password]));
	const a: Uint8Array[] = [password, salt, stretch(b, password.length)];
	for (let n = password.length; n > 0; n >>>= 1) a.push(n & 1 ? b : password);
	let c = hash(concat(a));
	const p = stretch(hash(stretch(password, password.length * password.length)), password.length);
	const s = stretch(hash(stretch(salt, salt.length * (16 + (c[0] as number)))), salt.length);
	for (let i = 0; i < rounds; i++) {
		if (i > 0 && i % STEPS_PER_YIELD === 0) await yieldToEventLoop();
		const parts = [i & 1 ? p : c];
		if (i % 3 !== 0) parts.push(s);
		if (i % 7 !== 0) parts.push(p);
		parts.push(i & 1 ? c : p);
		c = hash(concat(parts));
	}
	return c.length === size ? c : c.subarray(0, size);
}

/** The crypt base64 of the final digest, in the specification's byte order. */
function encode(digest: Uint8Array, order: number[]): string {
	let out = "";
	const put = (value: number, chars: number) => {
		for (let i = 0; i < chars; i++, value >>= 6) out += ALPHABET[value & 63];
	};
	for (let i = 0; i < order.length; i += 3) {
		const [a, b, c] = [order[i], order[i + 1], order[i + 2]] as [number, number, number];
		put(((digest[a] as number) << 16) | ((digest[b] as number) << 8) | (digest[c] as number), 4);
	}
	if (digest.length === 32) put(((digest[31] as number) << 8) | (digest[30] as number), 3);
	else put(digest[63] as number, 2);
	return out;
}

/**
 * Whether `password` (exactly as given) matches a SHA-crypt hash; false when malformed or over the
 * round limit. `engine: "js"` forces the pure-JS SHA-2 (what workerd uses), for tests.
 */
export async function verifyShaCrypt(password: string, hash: string, engine: "auto" | "js" = "auto"): Promise<boolean> {
	const match = FORMAT.exec(hash);
	if (!match) return false;
	const is256 = match[1] === "5";
	const checksum = match[4] as string;
	if (checksum.length !== (is256 ? 43 : 86)) return false;
	let rounds = 5000;
	if (match[2] !== undefined) {
		const parsed = parseDecimal(match[2]);
		if (parsed === null || parsed > SHA_CRYPT_MAX_ROUNDS) return false;
		rounds = Math.max(1000, parsed);
	}
	const hash256or512 = await syncDigest(is256 ? 256 : 512, engine);
	const digest = await shaCryptDigest(hash256or512, is256 ? 32 : 64, utf8(password), utf8(match[3] as string), rounds);
	return constantTimeEqual(utf8(encode(digest, is256 ? ORDER_256 : ORDER_512)), utf8(checksum));
}
