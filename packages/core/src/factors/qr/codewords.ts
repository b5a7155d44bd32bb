import { IdentityError } from "../../errors.js";
import { blockLayout, dataCodewords, maxVersion, minVersion, rawDataModules, type QrErrorCorrection } from "./tables.js";
import { rsGenerator, rsRemainder } from "./reed-solomon.js";

/** The byte-mode codewords of a symbol, error correction added and blocks interleaved. */
export interface QrCodewords {
	version: number;
	codewords: Uint8Array;
}

const byteMode = 0b0100;

/** The smallest version that holds `byteLength` bytes in byte mode at `level`, or null when none does. */
function fitVersion(byteLength: number, level: QrErrorCorrection): number | null {
	for (let version = minVersion; version <= maxVersion; version++) {
		if (4 + countBits(version) + byteLength * 8 <= dataCodewords(version, level) * 8) return version;
	}
	return null;
}

/**
 * Encodes `bytes` as one byte-mode segment in the smallest version that holds it.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` when even version 40 is too small.
 */
export function encodeCodewords(bytes: Uint8Array, level: QrErrorCorrection): QrCodewords {
	const version = fitVersion(bytes.byteLength, level);
	if (version === null) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid QR code text: too long for version 40");
	const capacity = dataCodewords(version, level);
	const data = new Uint8Array(capacity);
	let bit = 0;
	const append = (value: number, length: number) => {
		for (let i = length - 1; i >= 0; i--, bit++) if ((value >>> i) & 1) data[bit >>> 3] = (data[bit >>> 3] as number) | (0x80 >>> (bit & 7));
	};
	append(byteMode, 4);
	append(bytes.byteLength, countBits(version));
	for (const byte of bytes) append(byte, 8);
	// Terminator (up to four zero bits) and the zero bits to a byte boundary are already zero.
	bit = Math.ceil(Math.min(bit + 4, capacity * 8) / 8) * 8;
	for (let pad = 0xec; bit < capacity * 8; pad ^= 0xec ^ 0x11) append(pad, 8);
	return { version, codewords: interleave(data, version, level) };
}

function countBits(version: number): number {
	return version < 10 ? 8 : 16;
}

/** Splits data into the version's blocks (short ones first), adds each block's ECC, and interleaves. */
function interleave(data: Uint8Array, version: number, level: QrErrorCorrection): Uint8Array {
	const { blocks, eccPerBlock } = blockLayout(version, level);
	const total = Math.floor(rawDataModules(version) / 8);
	const shortBlocks = blocks - (total % blocks);
	const shortDataLength = Math.floor(total / blocks) - eccPerBlock;
	const generator = rsGenerator(eccPerBlock);
	const dataBlocks: Uint8Array[] = [];
	const eccBlocks: Uint8Array[] = [];
	for (let i = 0, offset = 0; i < blocks; i++) {
		const length = shortDataLength + (i < shortBlocks ? 0 : 1);
		const block = data.subarray(offset, offset + length);
		offset += length;
		dataBlocks.push(block);
		eccBlocks.push(rsRemainder(block, generator));
	}
	const result = new Uint8Array(total);
	let k = 0;
	for (let i = 0; i <= shortDataLength; i++) for (const block of dataBlocks) if (i < block.length) result[k++] = block[i] as number;
	for (let i = 0; i < eccPerBlock; i++) for (const block of eccBlocks) result[k++] = block[i] as number;
	return result;
}
