/** PBKDF2 on WebCrypto, with a synchronous-SHA fallback where WebCrypto refuses the iteration count. Internal. */
import { sha1 } from "@oslojs/crypto/sha1";
import type { Bytes } from "./encoding.js";
import { createYielder } from "./event-loop.js";
import { sha256, sha512 } from "./sha2.js";

const FALLBACK = { "SHA-1": [sha1, 64], "SHA-256": [sha256, 64], "SHA-512": [sha512, 128] } as const;

/** The digests PBKDF2 may use here. */
export type Pbkdf2Digest = "SHA-1" | "SHA-256" | "SHA-512";

/**
 * PBKDF2-HMAC of `password` (already UTF-8 bytes). Uses `crypto.subtle`; where it refuses the
 * iteration count (Cloudflare workerd caps PBKDF2 at 100,000 iterations) SHA-256 and SHA-512 fall
 * back to a slower pure-JS loop so a hash made elsewhere still verifies. SHA-1 has no fallback.
 */
export async function pbkdf2(
	digest: Pbkdf2Digest,
	password: Bytes,
	salt: Bytes,
	iterations: number,
	length: number
): Promise<Uint8Array> {
	try {
		const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
		const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: digest, salt, iterations }, key, length * 8);
		return new Uint8Array(bits);
	} catch {
		const [hash, blockSize] = FALLBACK[digest];
		return pbkdf2Js(hash, blockSize, password, salt, iterations, length);
	}
}

/** RFC 8018 PBKDF2 over a synchronous hash function with the given block size; yields to the event loop as it goes. */
export async function pbkdf2Js(
	hash: (data: Uint8Array) => Uint8Array,
	blockSize: number,
	password: Uint8Array,
	salt: Uint8Array,
	iterations: number,
	length: number
): Promise<Uint8Array> {
	const key = new Uint8Array(blockSize);
	key.set(password.length > blockSize ? hash(password) : password);
	const inner = key.map((b) => b ^ 0x36);
	const outer = key.map((b) => b ^ 0x5c);
	const hmac = (message: Uint8Array): Uint8Array => {
		const a = new Uint8Array(blockSize + message.length);
		a.set(inner);
		a.set(message, blockSize);
		const innerHash = hash(a);
		const b = new Uint8Array(blockSize + innerHash.length);
		b.set(outer);
		b.set(innerHash, blockSize);
		return hash(b);
	};
	const out = new Uint8Array(length);
	for (let block = 1, offset = 0; offset < length; block++) {
		const first = new Uint8Array(salt.length + 4);
		first.set(salt);
		new DataView(first.buffer).setUint32(salt.length, block);
		let u = hmac(first);
		const t = u.slice();
		const pause = createYielder();
		for (let i = 1; i < iterations; i++) {
			const yielding = pause();
			if (yielding) await yielding;
			u = hmac(u);
			for (let j = 0; j < t.length; j++) t[j] = (t[j] as number) ^ (u[j] as number);
		}
		out.set(t.subarray(0, Math.min(t.length, length - offset)), offset);
		offset += t.length;
	}
	return out;
}
