import { StoreError } from "@identity/core";

/**
 * A short, safe label for a driver error: its `code` (`ECONNREFUSED`) or the first word of a Redis
 * reply (`WRONGTYPE`, `NOSCRIPT`, `ERR`). Never the driver's message, which may quote arguments.
 */
function errorLabel(error: unknown): string | null {
	if (typeof error !== "object" || error === null) return null;
	const { code, message } = error as { code?: unknown; message?: unknown };
	if (typeof code === "string" && /^[A-Z][A-Z0-9_]{1,31}$/.test(code)) return code;
	if (typeof message === "string") return /^([A-Z][A-Z0-9_]{1,31})(?:\s|$)/.exec(message)?.[1] ?? null;
	return null;
}

/** Wraps a driver failure: the operation's name in the message, the driver error as `cause`. */
export function toStoreError(operation: string, error: unknown): StoreError {
	const label = errorLabel(error);
	return new StoreError(`Redis ${operation} failed${label ? ` (${label})` : ""}`, { cause: error });
}

/**
 * Runs `work` with a deadline: a driver failure becomes a `StoreError`, and so does silence past
 * `timeoutMs` (a server that accepts but never answers, or a client queueing commands while Redis is
 * away). On timeout `signal` is aborted, which drops a command still waiting in node-redis's queue.
 * A command already sent may still be carried out by the server after the timeout.
 */
export function withDeadline<T>(operation: string, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new StoreError(`Redis ${operation} timed out after ${timeoutMs} ms`));
			controller.abort();
		}, timeoutMs);
		let started: Promise<T>;
		try {
			started = work(controller.signal);
		} catch (error) {
			started = Promise.reject(error);
		}
		started.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(toStoreError(operation, error));
			}
		);
	});
}
