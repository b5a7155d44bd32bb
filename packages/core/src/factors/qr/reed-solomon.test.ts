import { describe, expect, test } from "vitest";
import { gfMultiply, rsGenerator, rsRemainder } from "./reed-solomon.js";
import { encodeCodewords } from "./codewords.js";
import { blockLayout, dataCodewords, rawDataModules, type QrErrorCorrection } from "./tables.js";

/** Carry-less multiplication, then reduction modulo 0x11D: an independent GF(2^8) product. */
function slowMultiply(a: number, b: number): number {
	let product = 0;
	for (let i = 0; i < 8; i++) if ((b >>> i) & 1) product ^= a << i;
	for (let bit = 14; bit >= 8; bit--) if ((product >>> bit) & 1) product ^= 0x11d << (bit - 8);
	return product;
}

/** Evaluates a polynomial (highest coefficient first) at x, by Horner's rule. */
function evaluate(polynomial: Uint8Array, x: number): number {
	let y = 0;
	for (const coefficient of polynomial) y = slowMultiply(y, x) ^ coefficient;
	return y;
}

describe("Reed-Solomon over GF(2^8)", () => {
	test("gfMultiply() agrees with carry-less multiplication modulo 0x11D for every pair", () => {
		for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) if (gfMultiply(a, b) !== slowMultiply(a, b)) expect([a, b, gfMultiply(a, b)]).toEqual([a, b, slowMultiply(a, b)]);
		expect(gfMultiply(0x80, 2)).toBe(0x1d);
	});

	test("rsRemainder() gives the ISO/IEC 18004 annex I example's error correction codewords", () => {
		// "01234567" at 1-M: 16 data codewords, 10 error correction codewords.
		const data = new Uint8Array([0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]);
		expect([...rsRemainder(data, rsGenerator(10))]).toEqual([0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
	});

	test("every block of every symbol is a codeword: zero at α^0 … α^(n-1)", () => {
		for (const level of ["L", "M", "Q", "H"] as QrErrorCorrection[]) {
			for (const version of [1, 5, 9, 10, 20, 27, 40]) {
				const { blocks, eccPerBlock } = blockLayout(version, level);
				const total = Math.floor(rawDataModules(version) / 8);
				const shortBlocks = blocks - (total % blocks);
				const shortData = Math.floor(total / blocks) - eccPerBlock;
				// The fullest byte count of this version; then de-interleave what the encoder produced.
				const length = Math.floor((dataCodewords(version, level) * 8 - 4 - (version < 10 ? 8 : 16)) / 8);
				const bytes = new Uint8Array(length);
				for (let i = 0; i < length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
				const { codewords, version: encoded } = encodeCodewords(bytes, level);
				expect(encoded).toBe(version);
				expect(codewords.length).toBe(total);
				const data: number[][] = Array.from({ length: blocks }, () => []);
				const ecc: number[][] = Array.from({ length: blocks }, () => []);
				let k = 0;
				for (let i = 0; i <= shortData; i++) for (let b = 0; b < blocks; b++) if (i < shortData || b >= shortBlocks) data[b]?.push(codewords[k++] as number);
				for (let i = 0; i < eccPerBlock; i++) for (let b = 0; b < blocks; b++) ecc[b]?.push(codewords[k++] as number);
				expect(k).toBe(total);
				for (let b = 0; b < blocks; b++) {
					const block = new Uint8Array([...(data[b] ?? []), ...(ecc[b] ?? [])]);
					let root = 1;
					for (let i = 0; i < eccPerBlock; i++, root = slowMultiply(root, 2)) expect(evaluate(block, root)).toBe(0);
				}
			}
		}
	});

	test("the padding is 0xEC 0x11 after a terminator, and the header is byte mode with the length", () => {
		const { version, codewords } = encodeCodewords(new TextEncoder().encode("hi"), "M");
		expect(version).toBe(1);
		// 0100 | 00000010 | 'h' | 'i' | 0000 → 0x40 0x26 0x86 0x90, then pads (16 data codewords at 1-M).
		expect([...codewords.slice(0, 16)]).toEqual([0x40, 0x26, 0x86, 0x90, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]);
	});
});
