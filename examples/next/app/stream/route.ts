// `GET /stream?lines=n`: n lines, one chunk each, so a streamed body must pass through.
export function GET(request: Request): Response {
	const lines = Math.min(Number(new URL(request.url).searchParams.get("lines") ?? "10") || 10, 10_000);
	const encoder = new TextEncoder();
	let sent = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent === lines) return controller.close();
			controller.enqueue(encoder.encode(`line ${sent++}\n`));
		}
	});
	return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}
