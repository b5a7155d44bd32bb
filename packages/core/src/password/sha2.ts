/**
 * Synchronous SHA-256 and SHA-512 for the SHA-crypt loops and the PBKDF2 fallback. Internal.
 *
 * Why not @oslojs/crypto: its SHA-512 works on BigInt (about 150 µs per call here), which makes
 * sha512_crypt's default 656,000 rounds take minutes; its SHA-256 allocates per call (about 5 µs).
 * These 32-bit implementations are checked against @oslojs/crypto and WebCrypto in crypto.test.ts.
 */

const K256 = new Uint32Array([
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
	0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
	0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
]);

// SHA-512 constants as [high, low] 32-bit pairs.
const K512 = new Uint32Array([
	0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc, 0x3956c25b,
	0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118, 0xd807aa98, 0xa3030242,
	0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2, 0x72be5d74, 0xf27b896f, 0x80deb1fe,
	0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694, 0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3,
	0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65, 0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc,
	0xbd41fbd4, 0x76f988da, 0x831153b5, 0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f,
	0xbf597fc7, 0xbeef0ee4, 0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967,
	0x0a0e6e70, 0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
	0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b, 0xa2bfe8a1,
	0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30, 0xd192e819, 0xd6ef5218,
	0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8, 0x19a4c116, 0xb8d2d0c8, 0x1e376c08,
	0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8, 0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb,
	0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3, 0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814,
	0xa1f0ab72, 0x8cc70208, 0x1a6439ec, 0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915,
	0xc67178f2, 0xe372532b, 0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f,
	0xee6ed178, 0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
	0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c, 0x4cc5d4be,
	0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817
]);

const H256 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const H512 = [
	0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1, 0x510e527f,
	0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179
];

const W256 = new Int32Array(64);
const W512 = new Int32Array(160);

/** An incremental hash: `update` any number of times, then `digest`, then `init` to start over. */
export interface SyncHash {
	init(): void;
	update(data: Uint8Array): void;
	digest(): Uint8Array;
	/** The state so far (after some updates), for `load` to resume from it, any number of times. */
	save(): Uint8Array;
	load(state: Uint8Array): void;
}

/** The SHA-256 compression of one 64-byte block of `data` at `offset` into `H`. */
function compress256(H: Int32Array, data: Uint8Array, offset: number): void {
	const W = W256;
	for (let t = 0; t < 16; t++) {
		const o = offset + 4 * t;
		W[t] = ((data[o] as number) << 24) | ((data[o + 1] as number) << 16) | ((data[o + 2] as number) << 8) | (data[o + 3] as number);
	}
	for (let t = 16; t < 64; t++) {
		const w15 = W[t - 15] as number;
		const w2 = W[t - 2] as number;
		const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
		const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
		W[t] = ((W[t - 16] as number) + s0 + (W[t - 7] as number) + s1) | 0;
	}
	let a = H[0] as number, b = H[1] as number, c = H[2] as number, d = H[3] as number;
	let e = H[4] as number, f = H[5] as number, g = H[6] as number, h = H[7] as number;
	for (let t = 0; t < 64; t++) {
		const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
		const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K256[t] as number) + (W[t] as number)) | 0;
		const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
		const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
		h = g;
		g = f;
		f = e;
		e = (d + t1) | 0;
		d = c;
		c = b;
		b = a;
		a = (t1 + t2) | 0;
	}
	H[0] = ((H[0] as number) + a) | 0;
	H[1] = ((H[1] as number) + b) | 0;
	H[2] = ((H[2] as number) + c) | 0;
	H[3] = ((H[3] as number) + d) | 0;
	H[4] = ((H[4] as number) + e) | 0;
	H[5] = ((H[5] as number) + f) | 0;
	H[6] = ((H[6] as number) + g) | 0;
	H[7] = ((H[7] as number) + h) | 0;
}

/** The SHA-512 compression of one 128-byte block, on 32-bit halves (no BigInt), state in locals (noble-hashes' layout). */
function compress512(H: Int32Array, data: Uint8Array, offset: number): void {
	const W = W512;
	for (let t = 0; t < 32; t++) {
		const o = offset + 4 * t;
		W[t] = ((data[o] as number) << 24) | ((data[o + 1] as number) << 16) | ((data[o + 2] as number) << 8) | (data[o + 3] as number);
	}
	for (let t = 32; t < 160; t += 2) {
		const xh = W[t - 30] as number, xl = W[t - 29] as number;
		const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
		const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
		const yh = W[t - 4] as number, yl = W[t - 3] as number;
		const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
		const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
		const lo = ((W[t - 31] as number) >>> 0) + ((W[t - 13] as number) >>> 0) + (s0l >>> 0) + (s1l >>> 0);
		W[t] = ((W[t - 32] as number) + (W[t - 14] as number) + s0h + s1h + ((lo / 0x100000000) | 0)) | 0;
		W[t + 1] = lo | 0;
	}
	let ah = H[0] as number, al = H[1] as number, bh = H[2] as number, bl = H[3] as number;
	let ch = H[4] as number, cl = H[5] as number, dh = H[6] as number, dl = H[7] as number;
	let eh = H[8] as number, el = H[9] as number, fh = H[10] as number, fl = H[11] as number;
	let gh = H[12] as number, gl = H[13] as number, hh = H[14] as number, hl = H[15] as number;
	for (let t = 0; t < 160; t += 2) {
		const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
		const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
		const chh = (eh & fh) ^ (~eh & gh);
		const chl = (el & fl) ^ (~el & gl);
		const t1l = (hl >>> 0) + (S1l >>> 0) + (chl >>> 0) + ((K512[t + 1] as number) >>> 0) + ((W[t + 1] as number) >>> 0);
		const t1h = (hh + S1h + chh + (K512[t] as number) + (W[t] as number) + ((t1l / 0x100000000) | 0)) | 0;
		const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
		const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
		const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
		const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
		hh = gh; hl = gl; gh = fh; gl = fl; fh = eh; fl = el;
		const el2 = (dl >>> 0) + (t1l >>> 0);
		eh = (dh + t1h + ((el2 / 0x100000000) | 0)) | 0;
		el = el2 | 0;
		dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
		const al2 = (t1l >>> 0) + (S0l >>> 0) + (majl >>> 0);
		ah = (t1h + S0h + majh + ((al2 / 0x100000000) | 0)) | 0;
		al = al2 | 0;
	}
	const words = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
	for (let i = 0; i < 16; i += 2) {
		const l = ((H[i + 1] as number) >>> 0) + ((words[i + 1] as number) >>> 0);
		H[i] = ((H[i] as number) + (words[i] as number) + ((l / 0x100000000) | 0)) | 0;
		H[i + 1] = l | 0;
	}
}

/** An incremental Merkle-Damgard hash over `compress` (FIPS 180-4 padding, length field of 8 or 16 bytes). */
function createHash(initial: readonly number[], blockSize: 64 | 128, compress: typeof compress256): SyncHash {
	const state = new Int32Array(initial.length);
	const buffer = new Uint8Array(blockSize);
	let buffered = 0;
	let length = 0;
	const hash: SyncHash = {
		init() {
			state.set(initial);
			buffered = 0;
			length = 0;
		},
		update(data) {
			length += data.length;
			let i = 0;
			if (buffered > 0) {
				const take = Math.min(blockSize - buffered, data.length);
				buffer.set(data.subarray(0, take), buffered);
				buffered += take;
				i = take;
				if (buffered < blockSize) return;
				compress(state, buffer, 0);
				buffered = 0;
			}
			for (; i + blockSize <= data.length; i += blockSize) compress(state, data, i);
			if (i < data.length) {
				buffer.set(data.subarray(i), 0);
				buffered = data.length - i;
			}
		},
		save() {
			const state8 = new Uint8Array(state.buffer.slice(0));
			const out = new Uint8Array(state8.length + blockSize + 16);
			out.set(state8);
			out.set(buffer, state8.length);
			const view = new DataView(out.buffer, state8.length + blockSize);
			view.setFloat64(0, buffered);
			view.setFloat64(8, length);
			return out;
		},
		load(saved) {
			const words = state.length * 4;
			state.set(new Int32Array(saved.buffer.slice(saved.byteOffset, saved.byteOffset + words)));
			buffer.set(saved.subarray(words, words + blockSize));
			const view = new DataView(saved.buffer, saved.byteOffset + words + blockSize, 16);
			buffered = view.getFloat64(0);
			length = view.getFloat64(8);
		},
		digest() {
			const bits = length * 8;
			buffer.fill(0, buffered);
			buffer[buffered] = 0x80;
			if (buffered + 1 > blockSize - (blockSize / 8)) {
				compress(state, buffer, 0);
				buffer.fill(0);
			}
			const view = new DataView(buffer.buffer);
			view.setUint32(blockSize - 4, bits >>> 0);
			view.setUint32(blockSize - 8, Math.floor(bits / 0x100000000));
			compress(state, buffer, 0);
			const out = new Uint8Array(4 * state.length);
			const outView = new DataView(out.buffer);
			for (let i = 0; i < state.length; i++) outView.setInt32(4 * i, state[i] as number);
			return out;
		}
	};
	hash.init();
	return hash;
}

/** An incremental SHA-256. */
export function createSha256(): SyncHash {
	return createHash(H256, 64, compress256);
}

/** An incremental SHA-512. */
export function createSha512(): SyncHash {
	return createHash(H512, 128, compress512);
}

const oneShot256 = createSha256();
const oneShot512 = createSha512();

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
	oneShot256.init();
	oneShot256.update(data);
	return oneShot256.digest();
}

/** SHA-512 of `data`. */
export function sha512(data: Uint8Array): Uint8Array {
	oneShot512.init();
	oneShot512.update(data);
	return oneShot512.digest();
}
