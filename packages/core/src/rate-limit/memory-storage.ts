import type { AttemptCounter } from "../store.js";
import type { AttemptStorage } from "./types.js";

/** The most keys the memory storage holds; beyond it, expired and then oldest keys are dropped. */
const maxMemoryKeys = 10_000;

/**
 * An in-memory {@link AttemptStorage}: per process, lost on restart. Bounded in size, so a flood
 * of random identities cannot exhaust memory.
 */
export function createMemoryAttemptStorage(): AttemptStorage {
	const counters = new Map<string, AttemptCounter>();
	const live = (key: string, now: Date): AttemptCounter | null => {
		const counter = counters.get(key);
		if (!counter) return null;
		if (counter.resetAt.getTime() <= now.getTime()) {
			counters.delete(key);
			return null;
		}
		return counter;
	};
	const prune = (now: Date): void => {
		for (const [key, counter] of counters) {
			if (counter.resetAt.getTime() <= now.getTime()) counters.delete(key);
		}
		// Map iteration is insertion order: drop the oldest windows first.
		for (const key of counters.keys()) {
			if (counters.size < maxMemoryKeys) break;
			counters.delete(key);
		}
	};
	return {
		async readAttempts(key, now) {
			const counter = live(key, now);
			return counter ? { ...counter } : null;
		},
		async addAttempt(key, windowSeconds, now) {
			const counter = live(key, now);
			if (counter) {
				counter.count += 1;
				return { ...counter };
			}
			if (counters.size >= maxMemoryKeys) prune(now);
			const fresh = { count: 1, resetAt: new Date(now.getTime() + windowSeconds * 1000) };
			counters.set(key, fresh);
			return { ...fresh };
		},
		async clearAttempts(key) {
			counters.delete(key);
		}
	};
}
