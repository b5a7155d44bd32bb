/**
 * Reads a request body up to `maxBytes`, stopping (and cancelling the stream) as soon as it is
 * exceeded: an oversized or endless body is never read whole.
 */
export async function readCapped(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | "too_large" | "unreadable"> {
	if (!request.body) return new Uint8Array(0);
	try {
		const reader = request.body.getReader();
		const chunks: Uint8Array[] = [];
		let size = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > maxBytes) {
				// Not awaited: on a branch of a tee (Request.clone()) it settles only when both branches cancel.
				reader.cancel().catch(() => {});
				return "too_large";
			}
			chunks.push(value);
		}
		const bytes = new Uint8Array(size);
		let offset = 0;
		for (const chunk of chunks) {
			bytes.set(chunk, offset);
			offset += chunk.byteLength;
		}
		return bytes;
	} catch {
		return "unreadable";
	}
}
