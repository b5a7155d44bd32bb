/**
 * How long a wrong password costs against a current hash, so that cheaper verifications can be
 * padded to it (SPEC "Timing": unknown users, native hashes and imported legacy hashes must not be
 * told apart by the time a wrong password takes). Internal.
 */

/** A running calibration of the current algorithm's cost per hash computation. */
export interface VerifyTiming {
	/** Records a verification against a current hash that ran `computations` hash computations in `ms`. */
	record(ms: number, computations: number): void;
	/** The expected time (ms) of `computations` current-hash computations: the running median, or null before any record. */
	expected(computations: number): number | null;
}

/** A `VerifyTiming` over the median of the last `window` records (robust to a stray slow or fast one). */
export function createVerifyTiming(window = 15): VerifyTiming {
	const samples: number[] = [];
	let next = 0;
	let median: number | null = null;
	return {
		record(ms, computations) {
			if (!(ms >= 0) || !(computations > 0)) return;
			samples[next] = ms / computations;
			next = (next + 1) % window;
			const sorted = [...samples].sort((a, b) => a - b);
			median = sorted[Math.floor(sorted.length / 2)] as number;
		},
		expected: (computations) => (median === null ? null : median * computations)
	};
}
