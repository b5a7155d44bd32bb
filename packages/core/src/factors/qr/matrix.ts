import { alignmentPositions, formatBitsOf, symbolSize, type QrErrorCorrection } from "./tables.js";
import { encodeCodewords } from "./codewords.js";
import { penaltyScore } from "./penalty.js";

/** A finished QR symbol, without its quiet zone. */
export interface QrMatrix {
	version: number;
	errorCorrection: QrErrorCorrection;
	mask: number;
	/** Modules per side. */
	size: number;
	/** Row-major, `size * size` entries, 1 = dark. */
	modules: Uint8Array;
}

const masks: readonly ((x: number, y: number) => boolean)[] = [
	(x, y) => (x + y) % 2 === 0,
	(_, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
];

/**
 * Builds the QR symbol of `text` (UTF-8, one byte-mode segment, the smallest version that holds
 * it), with the one of the eight masks that has the lowest penalty (or `mask`, when given: tests
 * check every mask against a decoder).
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` when the text does not fit version 40.
 */
export function qrMatrix(text: string, errorCorrection: QrErrorCorrection = "M", mask?: number): QrMatrix {
	const { version, codewords } = encodeCodewords(new TextEncoder().encode(text), errorCorrection);
	const size = symbolSize(version);
	const modules = new Uint8Array(size * size);
	const reserved = new Uint8Array(size * size);
	const set = (x: number, y: number, dark: boolean) => {
		modules[y * size + x] = dark ? 1 : 0;
		reserved[y * size + x] = 1;
	};
	drawFunctionPatterns(version, size, set);
	drawCodewords(codewords, size, modules, reserved);
	let best = { mask: mask ?? 0, score: Number.POSITIVE_INFINITY };
	for (let candidate = 0; mask === undefined && candidate < masks.length; candidate++) {
		applyMask(candidate, size, modules, reserved);
		drawFormatBits(errorCorrection, candidate, size, set);
		const score = penaltyScore(modules, size);
		if (score < best.score) best = { mask: candidate, score };
		applyMask(candidate, size, modules, reserved);
	}
	applyMask(best.mask, size, modules, reserved);
	drawFormatBits(errorCorrection, best.mask, size, set);
	return { version, errorCorrection, mask: best.mask, size, modules };
}

type Setter = (x: number, y: number, dark: boolean) => void;

function drawFunctionPatterns(version: number, size: number, set: Setter): void {
	for (let i = 0; i < size; i++) {
		set(6, i, i % 2 === 0);
		set(i, 6, i % 2 === 0);
	}
	// Finder patterns with their separators.
	for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]] as const) {
		for (let dy = -4; dy <= 4; dy++) {
			for (let dx = -4; dx <= 4; dx++) {
				const x = cx + dx;
				const y = cy + dy;
				const distance = Math.max(Math.abs(dx), Math.abs(dy));
				if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, distance !== 2 && distance !== 4);
			}
		}
	}
	const positions = alignmentPositions(version);
	const last = positions.length - 1;
	positions.forEach((cy, i) =>
		positions.forEach((cx, j) => {
			// The three corners that the finder patterns occupy get none.
			if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
			for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
		})
	);
	// Reserve the format areas now (their bits depend on the mask), then the version blocks.
	drawFormatBits("M", 0, size, set);
	if (version >= 7) {
		let remainder = version;
		for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
		const bits = (version << 12) | remainder;
		for (let i = 0; i < 18; i++) {
			const dark = ((bits >>> i) & 1) === 1;
			const a = size - 11 + (i % 3);
			const b = Math.floor(i / 3);
			set(a, b, dark);
			set(b, a, dark);
		}
	}
}

/** Both copies of the 15 format bits (level, mask, BCH(15,5), XOR 0x5412) and the dark module. */
function drawFormatBits(level: QrErrorCorrection, mask: number, size: number, set: Setter): void {
	const data = (formatBitsOf[level] << 3) | mask;
	let remainder = data;
	for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
	const bits = ((data << 10) | remainder) ^ 0x5412;
	const bit = (i: number) => ((bits >>> i) & 1) === 1;
	for (let i = 0; i <= 5; i++) set(8, i, bit(i));
	set(8, 7, bit(6));
	set(8, 8, bit(7));
	set(7, 8, bit(8));
	for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
	for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
	for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
	set(8, size - 8, true);
}

/** Places the codewords in the two-column zigzag from the bottom right, skipping function modules. */
function drawCodewords(codewords: Uint8Array, size: number, modules: Uint8Array, reserved: Uint8Array): void {
	let i = 0;
	const totalBits = codewords.length * 8;
	for (let right = size - 1; right >= 1; right -= 2) {
		if (right === 6) right = 5; // the vertical timing pattern
		const upward = ((right + 1) & 2) === 0;
		for (let vertical = 0; vertical < size; vertical++) {
			const y = upward ? size - 1 - vertical : vertical;
			for (let j = 0; j < 2; j++) {
				const index = y * size + right - j;
				if (reserved[index] || i >= totalBits) continue;
				modules[index] = ((codewords[i >>> 3] as number) >>> (7 - (i & 7))) & 1;
				i++;
			}
		}
	}
}

/** XORs a mask over the data modules; applying it twice undoes it. */
function applyMask(mask: number, size: number, modules: Uint8Array, reserved: Uint8Array): void {
	const invert = masks[mask] as (x: number, y: number) => boolean;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const index = y * size + x;
			if (!reserved[index] && invert(x, y)) modules[index] = (modules[index] as number) ^ 1;
		}
	}
}
