import type { ServerResponse } from "node:http";

/** Statuses that never carry a body (RFC 9110 §6.4.1). */
const bodiless = new Set([101, 204, 205, 304]);

/** Resolves on `drain`, or on `close` when the client went away; false then. */
function drained(res: ServerResponse): Promise<boolean> {
	return new Promise((resolve) => {
		const done = () => {
			res.off("drain", done).off("close", done);
			resolve(!res.destroyed);
		};
		res.once("drain", done).once("close", done);
	});
}

/**
 * Writes a Web `Response` to a Node `ServerResponse`: status, headers (each `Set-Cookie` as its
 * own header line), and the body streamed with backpressure. HEAD and bodiless statuses send no
 * body. When the client disconnects mid-body, the Response body is cancelled.
 */
export async function sendWebResponse(res: ServerResponse, response: Response, method = "GET"): Promise<void> {
	res.statusCode = response.status;
	if (response.statusText) res.statusMessage = response.statusText;
	for (const [name, value] of response.headers) {
		if (name !== "set-cookie") res.setHeader(name, value);
	}
	const cookies = response.headers.getSetCookie();
	if (cookies.length > 0) res.setHeader("set-cookie", cookies);
	if (!response.body || method === "HEAD" || bodiless.has(response.status)) {
		await response.body?.cancel().catch(() => undefined);
		res.end();
		return;
	}
	const reader = response.body.getReader();
	try {
		for (;;) {
			if (res.destroyed) {
				await reader.cancel().catch(() => undefined);
				return;
			}
			const { done, value } = await reader.read();
			if (done) break;
			if (!res.write(value) && !(await drained(res))) {
				await reader.cancel().catch(() => undefined);
				return;
			}
		}
		res.end();
	} catch (error) {
		res.destroy(error instanceof Error ? error : undefined);
		throw error;
	} finally {
		reader.releaseLock();
	}
}
