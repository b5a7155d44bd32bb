/** A QR error correction level: about 7 % (L), 15 % (M), 25 % (Q) or 30 % (H) of the symbol may be damaged. */
export type QrErrorCorrection = "L" | "M" | "Q" | "H";

// ISO/IEC 18004 table 9, indexed by version (index 0 unused).
const eccCodewordsPerBlock: Record<QrErrorCorrection, readonly number[]> = {
	L: [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
	M: [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
	Q: [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
	H: [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30]
};
const errorCorrectionBlocks: Record<QrErrorCorrection, readonly number[]> = {
	L: [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
	M: [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
	Q: [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
	H: [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81]
};

/** The two format-information bits of each level (ISO/IEC 18004 table 12). */
export const formatBitsOf: Record<QrErrorCorrection, number> = { L: 1, M: 0, Q: 3, H: 2 };

/** The QR Model 2 versions: 21 to 177 modules a side. */
export const minVersion = 1;
export const maxVersion = 40;

/** The block structure of one version and level. */
export interface BlockLayout {
	blocks: number;
	eccPerBlock: number;
}

/** The error correction blocks of a version at a level. */
export function blockLayout(version: number, level: QrErrorCorrection): BlockLayout {
	return { blocks: errorCorrectionBlocks[level][version] as number, eccPerBlock: eccCodewordsPerBlock[level][version] as number };
}

/** The side of a symbol in modules. */
export function symbolSize(version: number): number {
	return version * 4 + 17;
}

/** Modules left for data and error correction once the function patterns are drawn (remainder bits included). */
export function rawDataModules(version: number): number {
	let result = (16 * version + 128) * version + 64;
	if (version >= 2) {
		const alignments = Math.floor(version / 7) + 2;
		result -= (25 * alignments - 10) * alignments - 55;
		if (version >= 7) result -= 36;
	}
	return result;
}

/** Data codewords (8 bits each) of a version at a level. */
export function dataCodewords(version: number, level: QrErrorCorrection): number {
	const { blocks, eccPerBlock } = blockLayout(version, level);
	return Math.floor(rawDataModules(version) / 8) - blocks * eccPerBlock;
}

/** The centre coordinates of the alignment patterns along one axis (ISO/IEC 18004 annex E). */
export function alignmentPositions(version: number): number[] {
	if (version === 1) return [];
	const count = Math.floor(version / 7) + 2;
	const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
	const positions = [6];
	for (let position = symbolSize(version) - 7; positions.length < count; position -= step) positions.splice(1, 0, position);
	return positions;
}
