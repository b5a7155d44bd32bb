import type { WindowCounter } from "../coordinator.js";
import type { CounterStorage } from "./counters.js";

/**
 * Counters in memory (per process, lost on restart), bounded to `maxKeys`. When full, expired
 * counters go first, then the oldest counters that limit nothing; a counter that limits its key
 * (its count has reached `limitOf(key)`) is never evicted before its window ends. When every
 * counter limits something, a new key is refused (fail closed: the caller is treated as limited),
 * so flooding with new names can never free a limited one.
 */
export function createMemoryCounters(options: { maxKeys: number; limitOf(key: string): number }): CounterStorage {
	const counters = new Map<string, WindowCounter>();
	const live = (key: string, now: Date): WindowCounter | null => {
		const counter = counters.get(key);
		if (!counter) return null;
		if (counter.resetAt.getTime() <= now.getTime()) {
			counters.delete(key);
			return null;
		}
		return counter;
	};
	/** Frees at least one slot; false when every counter is limiting. */
	const makeRoom = (now: Date): boolean => {
		for (const [key, counter] of counters) if (counter.resetAt.getTime() <= now.getTime()) counters.delete(key);
		if (counters.size < options.maxKeys) return true;
		// Map iteration is insertion order: the oldest windows first.
		for (const [key, counter] of counters) {
			if (counter.count < options.limitOf(key)) {
				counters.delete(key);
				if (counters.size < options.maxKeys) return true;
			}
		}
		return counters.size < options.maxKeys;
	};
	return {
		async increment(key, windowSeconds, now) {
			const counter = live(key, now);
			if (counter) {
				counter.count += 1;
				return { ...counter };
			}
			if (counters.size >= options.maxKeys && !makeRoom(now)) {
				return { count: Number.MAX_SAFE_INTEGER, resetAt: new Date(now.getTime() + windowSeconds * 1000) };
			}
			const fresh = { count: 1, resetAt: new Date(now.getTime() + windowSeconds * 1000) };
			counters.set(key, fresh);
			return { ...fresh };
		},
		async read(key, now) {
			const counter = live(key, now);
			return counter ? { ...counter } : null;
		},
		async clear(key) {
			counters.delete(key);
		}
	};
}
