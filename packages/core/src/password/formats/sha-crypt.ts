/**
 * SHA-crypt `$5$` (sha256_crypt) and `$6$` (sha512_crypt), per Ulrich Drepper's specification
 * "Unix crypt using SHA-256 and SHA-512" (the seed's default passlib schemes). Verification only. Internal.
 */
import { createSHA256, createSHA512 } from "hash-wasm";
import { constantTimeEqual } from "../constant-time.js";
import { parseDecimal, utf8 } from "../encoding.js";
import { createYielder } from "../event-loop.js";
import { createSha256, createSha512, type SyncHash } from "../sha2.js";
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

/** From this password length (bytes) on, odd rounds resume precomputed hash states. */
const MIDSTATE_MIN_PASSWORD = 256;

/** Whether `hash` looks like a SHA-crypt hash. */
export function isShaCryptHash(hash: string): boolean {
	return /^\$[56]\$/.test(hash);
}

/** An incremental SHA-2: hash-wasm's WASM one where WASM compiles (about 6x faster), else pure JS. */
async function createDigest(bits: 256 | 512, engine: "auto" | "js"): Promise<SyncHash> {
	if (engine === "js" || !canCompileWasm()) return bits === 256 ? createSha256() : createSha512();
	const hasher = await (bits === 256 ? createSHA256() : createSHA512());
	return {
		init: () => void hasher.init(),
		update: (data) => void hasher.update(data),
		digest: () => hasher.digest("binary"),
		save: () => hasher.save(),
		load: (state) => void hasher.load(state)
	};
}

/** `digest` repeated to exactly `length` bytes (the P and S sequences of the specification). */
function repeatTo(digest: Uint8Array, length: number): Uint8Array {
	const out = new Uint8Array(length);
	for (let i = 0; i < length; i += digest.length) out.set(digest.subarray(0, Math.min(digest.length, length - i)), i);
	return out;
}

/**
 * The SHA-crypt digest of `password` with `salt` and `rounds`, before encoding (specification steps
 * 1-21). Memory is linear in the password's length: digest DP of step 14 takes the password once per
 * password byte, fed to the hash piece by piece, never as one buffer of length^2 bytes (the
 * specification's only quadratic step, bounded by the 1024-byte password limit to 1 MiB of hashing).
 * Yields to the event loop every 10 ms or so of rounds.
 */
export async function shaCryptDigest(hash: SyncHash, password: Uint8Array, salt: Uint8Array, rounds: number): Promise<Uint8Array> {
	const digest = (...parts: Uint8Array[]) => {
		hash.init();
		for (const part of parts) hash.update(part);
		return hash.digest();
	};
	const b = digest(password, salt, password);
	const size = b.length;
	hash.init();
	hash.update(password);
	hash.update(salt);
	for (let n = password.length; n > 0; n -= size) hash.update(n >= size ? b : b.subarray(0, n));
	for (let n = password.length; n > 0; n >>>= 1) hash.update(n & 1 ? b : password);
	let c = hash.digest();
	hash.init();
	for (let i = 0; i < password.length; i++) hash.update(password);
	const p = repeatTo(hash.digest(), password.length);
	hash.init();
	for (let i = 0; i < 16 + (c[0] as number); i++) hash.update(salt);
	const s = repeatTo(hash.digest(), salt.length);
	// Odd rounds hash p, [s], [p] and then c: that prefix takes one of four values, whose hash states
	// are made once and resumed, so those rounds hash only c. For a long password that halves the work
	// (a 1024-byte one: 1.5-1.8x faster); for a short one, resuming a state costs more than it saves.
	const prefixes =
		p.length < MIDSTATE_MIN_PASSWORD
			? null
			: [false, true].flatMap((withS) =>
					[false, true].map((withP) => {
						hash.init();
						hash.update(p);
						if (withS) hash.update(s);
						if (withP) hash.update(p);
						return hash.save();
					})
				);
	// Even rounds are assembled in one buffer: one update per round costs hash-wasm about half the
	// time of one update per part (the calls into WebAssembly dominate for short passwords).
	const input = new Uint8Array(2 * p.length + s.length + size);
	const pause = createYielder();
	for (let i = 0; i < rounds; i++) {
		const yielding = pause();
		if (yielding) await yielding;
		if (i & 1 && prefixes) {
			hash.load(prefixes[(i % 3 !== 0 ? 2 : 0) + (i % 7 !== 0 ? 1 : 0)] as Uint8Array);
			hash.update(c);
			c = hash.digest();
			continue;
		}
		const first = i & 1 ? p : c;
		const last = i & 1 ? c : p;
		input.set(first, 0);
		let n = first.length;
		if (i % 3 !== 0) {
			input.set(s, n);
			n += s.length;
		}
		if (i % 7 !== 0) {
			input.set(p, n);
			n += p.length;
		}
		input.set(last, n);
		n += last.length;
		hash.init();
		hash.update(input.subarray(0, n));
		c = hash.digest();
	}
	return c;
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
	const digest = await shaCryptDigest(await createDigest(is256 ? 256 : 512, engine), utf8(password), utf8(match[3] as string), rounds);
	return constantTimeEqual(utf8(encode(digest, is256 ? ORDER_256 : ORDER_512)), utf8(checksum));
}
