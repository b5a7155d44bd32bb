/**
 * Converts a DER ECDSA signature (`SEQUENCE { INTEGER r, INTEGER s }`, what authenticators send) to
 * the fixed-size `r || s` WebCrypto verifies, or null when it is not one. Redundant leading zero
 * bytes are tolerated (some authenticators emit them); trailing bytes, long-form lengths, zero
 * and oversized integers are not.
 */
export function derToRawEcdsaSignature(der: Uint8Array, size = 32): Uint8Array | null {
	if (der.byteLength < 8 || der[0] !== 0x30 || der[1] !== der.byteLength - 2 || (der[1] as number) >= 0x80) return null;
	const raw = new Uint8Array(size * 2);
	let offset = 2;
	for (let part = 0; part < 2; part++) {
		if (der[offset] !== 0x02) return null;
		const length = der[offset + 1] as number;
		const start = offset + 2;
		if (length === 0 || length >= 0x80 || start + length > der.byteLength) return null;
		let first = start;
		while (first < start + length && der[first] === 0) first++;
		const digits = start + length - first;
		if (digits === 0 || digits > size) return null;
		raw.set(der.subarray(first, start + length), part * size + size - digits);
		offset = start + length;
	}
	return offset === der.byteLength ? raw : null;
}
