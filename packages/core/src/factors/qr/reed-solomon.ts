// Reed-Solomon over GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), generator roots α^0 … α^(n-1).

/** Product in GF(2^8), by shift and add (no tables: the symbol is small, clarity wins). */
export function gfMultiply(x: number, y: number): number {
	let z = 0;
	for (let i = 7; i >= 0; i--) {
		z = (z << 1) ^ ((z >>> 7) * 0x11d);
		z ^= ((y >>> i) & 1) * x;
	}
	return z & 0xff;
}

/** The generator polynomial of `degree`, highest coefficient (always 1) dropped. */
export function rsGenerator(degree: number): Uint8Array {
	const result = new Uint8Array(degree);
	result[degree - 1] = 1;
	let root = 1;
	for (let i = 0; i < degree; i++) {
		for (let j = 0; j < degree; j++) {
			result[j] = gfMultiply(result[j] as number, root) ^ (j + 1 < degree ? (result[j + 1] as number) : 0);
		}
		root = gfMultiply(root, 0x02);
	}
	return result;
}

/** The error correction codewords of `data`: the remainder of data · x^n divided by the generator. */
export function rsRemainder(data: Uint8Array, generator: Uint8Array): Uint8Array {
	const result = new Uint8Array(generator.length);
	for (const byte of data) {
		const factor = byte ^ (result[0] as number);
		result.copyWithin(0, 1);
		result[result.length - 1] = 0;
		for (let i = 0; i < generator.length; i++) result[i] = (result[i] as number) ^ gfMultiply(generator[i] as number, factor);
	}
	return result;
}
