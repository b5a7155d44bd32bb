/**
 * `task` with at most `limit` calls in flight; later calls wait their turn, first come first served.
 * A call that rejects (or throws) frees its place as one that resolves does.
 */
export function limitConcurrency<A extends unknown[], T>(task: (...args: A) => Promise<T>, limit: number): (...args: A) => Promise<T> {
	let running = 0;
	// A queue as an array and a head index: shift() would copy the array once per call under a flood.
	let waiting: (() => void)[] = [];
	let head = 0;
	const release = () => {
		if (head < waiting.length) {
			const next = waiting[head]!;
			waiting[head++] = undefined as never;
			if (head > 1024 && head * 2 > waiting.length) {
				waiting = waiting.slice(head);
				head = 0;
			}
			// The freed place passes straight to the next waiter; `running` stays as it is.
			next();
		} else {
			running--;
		}
	};
	return async (...args) => {
		if (running < limit) running++;
		else await new Promise<void>((resolve) => waiting.push(resolve));
		try {
			return await task(...args);
		} finally {
			release();
		}
	};
}
