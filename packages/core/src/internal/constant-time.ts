/** Compares two strings without an early exit on the first difference. */
export function constantTimeEqualStrings(a: string, b: string): boolean {
	const length = Math.max(a.length, b.length);
	let difference = a.length ^ b.length;
	for (let i = 0; i < length; i++) {
		difference |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
	}
	return difference === 0;
}
