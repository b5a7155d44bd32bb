import type { Coordinator, WindowCounter } from "../coordinator.js";
import type { IdentityStore } from "../store.js";

/** Where the throttle's counters live: memory, the store's attempt counters, or the coordinator. */
export interface CounterStorage {
	/** Adds one to `key` atomically; a missing or expired counter starts a window of `windowSeconds`. */
	increment(key: string, windowSeconds: number, now: Date): Promise<WindowCounter>;
	/** The live counter, or null. */
	read(key: string, now: Date): Promise<WindowCounter | null>;
	clear(key: string): Promise<void>;
}

/** The store's optional attempt counters (shared by every instance on one database), or null. */
export function storeCounters(store: IdentityStore): CounterStorage | null {
	const { readAttempts, addAttempt, clearAttempts } = store;
	if (!readAttempts || !addAttempt || !clearAttempts) return null;
	return {
		increment: (key, windowSeconds, now) => addAttempt.call(store, key, windowSeconds, now),
		read: (key, now) => readAttempts.call(store, key, now),
		clear: (key) => clearAttempts.call(store, key)
	};
}

/** The coordinator's counters (Redis with `@identity/redis`): one atomic round trip each. */
export function coordinatorCounters(coordinator: Coordinator): CounterStorage {
	return {
		increment: (key, windowSeconds) => coordinator.incrementCounter(key, 1, windowSeconds),
		async read(key, now) {
			const counter = await coordinator.readCounter(key);
			return counter && counter.resetAt.getTime() > now.getTime() ? counter : null;
		},
		clear: (key) => coordinator.clearCounter(key)
	};
}
