/** Cooperative scheduling for the long synchronous loops (SHA-crypt rounds, the pure-JS PBKDF2). Internal. */

/** How many hash steps run between two `yieldToEventLoop()` calls (about 10-30 ms of work). */
export const STEPS_PER_YIELD = 8192;

/**
 * Lets other tasks run, so one legacy verification on the main thread never freezes the event loop
 * for seconds (a worker pool takes the work off the loop altogether).
 */
export function yieldToEventLoop(): Promise<void> {
	return sleep(0);
}

/** Resolves after `ms` milliseconds: a timer, no CPU work. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
