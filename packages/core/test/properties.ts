import { expect } from "vitest";

/** fast-check runs per property in the parser property tests. */
export const RUNS = { numRuns: 300 };

/**
 * Runs `run` and fails when it took `boundMs` or more. The bounds are generous (these are
 * microsecond to millisecond operations): they catch a regression to seconds, not noise.
 */
export async function withinBound<T>(run: () => Promise<T> | T, boundMs = 500): Promise<T> {
	const started = performance.now();
	const result = await run();
	expect(performance.now() - started).toBeLessThan(boundMs);
	return result;
}
