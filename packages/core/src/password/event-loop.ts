/** Cooperative scheduling for the long synchronous loops (SHA-crypt rounds, the pure-JS PBKDF2). Internal. */

/** Resolves after `ms` milliseconds: a timer, no CPU work. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How often the loops look at the clock, and the most steps between two yields whatever it says. */
const STEPS_PER_CHECK = 256;
const MAX_STEPS_PER_YIELD = 8192;

/**
 * A function to call on every step of a long synchronous loop: it returns a promise to await (a
 * `setTimeout(0)`, which lets other tasks run) once `budgetMs` of work have passed since the last
 * yield, else undefined, so the common step costs no microtask. Time, not a step count, sets the
 * pace, since one step's cost varies a hundredfold (a SHA-crypt round of a 1024-byte password hashes
 * 2 KiB); after `MAX_STEPS_PER_YIELD` steps it yields anyway (workerd's clock stands still while code runs).
 */
export function createYielder(budgetMs = 10): () => Promise<void> | undefined {
	let steps = 0;
	let since = performance.now();
	return () => {
		if (++steps % STEPS_PER_CHECK !== 0) return undefined;
		const now = performance.now();
		if (now - since < budgetMs && steps < MAX_STEPS_PER_YIELD) return undefined;
		steps = 0;
		return sleep(0).then(() => {
			since = performance.now();
		});
	};
}
