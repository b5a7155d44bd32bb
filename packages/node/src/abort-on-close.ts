/** What `abortOnClose` needs of a response: a Node `ServerResponse` (or Express's `res`). */
export interface ClosableResponse {
	once(event: "close", listener: () => void): unknown;
	readonly writableFinished: boolean;
}

/**
 * An `AbortSignal` that fires when the client goes away before the response is finished: pass it
 * as `toWebRequest`'s `signal` so a handler can stop work for a client that left.
 *
 * @example
 * const request = toWebRequest(req, { signal: abortOnClose(res) });
 */
export function abortOnClose(res: ClosableResponse): AbortSignal {
	const controller = new AbortController();
	res.once("close", () => {
		if (!res.writableFinished) controller.abort();
	});
	return controller.signal;
}
