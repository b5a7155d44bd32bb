/** Constant-time comparison of derived keys. Internal. */

/** Compares two byte arrays without an early exit on the first difference (the lengths are public). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
	return diff === 0;
}
