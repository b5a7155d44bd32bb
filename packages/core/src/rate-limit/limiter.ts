import type { AttemptCounter, IdentityStore } from "../store.js";
import { addressKey, identityKey } from "./keys.js";
import { createMemoryAttemptStorage } from "./memory-storage.js";
import type { AttemptStorage, AttemptSubject, RateLimiter, RateLimitHit, RateLimitSettings } from "./types.js";

/** The store's attempt methods as an {@link AttemptStorage}, or null when the store lacks them. */
export function storeAttemptStorage(store: IdentityStore): AttemptStorage | null {
	const { readAttempts, addAttempt, clearAttempts } = store;
	if (!readAttempts || !addAttempt || !clearAttempts) return null;
	return {
		readAttempts: (key, now) => readAttempts.call(store, key, now),
		addAttempt: (key, windowSeconds, now) => addAttempt.call(store, key, windowSeconds, now),
		clearAttempts: (key) => clearAttempts.call(store, key)
	};
}

/**
 * A login rate limiter over `storage`: attempts are counted per identity (from `begin`) and failures
 * per client address (from `fail`), each in a fixed window of `windowSeconds` from its first count.
 * A subject is limited once a counter reaches its maximum.
 */
export function createRateLimiter(settings: RateLimitSettings, storage: AttemptStorage): RateLimiter {
	const identityOf = (subject: AttemptSubject) =>
		subject.identity ? `login:identity:${identityKey(subject.identity)}` : null;
	const addressOf = (subject: AttemptSubject) => (subject.address ? `login:address:${addressKey(subject.address)}` : null);
	const retryAfter = (counter: AttemptCounter, now: Date) =>
		Math.max(1, Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000));
	const full = async (key: string | null, max: number, now: Date): Promise<AttemptCounter | null> => {
		if (!key) return null;
		const counter = await storage.readAttempts(key, now);
		return counter && counter.count >= max && counter.resetAt.getTime() > now.getTime() ? counter : null;
	};

	async function check(subject: AttemptSubject, now = new Date()): Promise<RateLimitHit | null> {
		const address = await full(addressOf(subject), settings.maxPerAddress, now);
		if (address) return { key: "address", retryAfterSeconds: retryAfter(address, now) };
		const identity = await full(identityOf(subject), settings.maxPerIdentity, now);
		return identity ? { key: "identity", retryAfterSeconds: retryAfter(identity, now) } : null;
	}

	return {
		check,
		async begin(subject, now = new Date()) {
			const hit = await check(subject, now);
			if (hit) return hit;
			const key = identityOf(subject);
			if (!key) return null;
			// Counted before verifying: the (count > max)th concurrent attempt is refused unchecked.
			const counter = await storage.addAttempt(key, settings.windowSeconds, now);
			return counter.count > settings.maxPerIdentity ? { key: "identity", retryAfterSeconds: retryAfter(counter, now) } : null;
		},
		async fail(subject, now = new Date()) {
			const addressKeyName = addressOf(subject);
			if (addressKeyName) {
				const counter = await storage.addAttempt(addressKeyName, settings.windowSeconds, now);
				if (counter.count === settings.maxPerAddress) return { key: "address", retryAfterSeconds: retryAfter(counter, now) };
			}
			const identityKeyName = identityOf(subject);
			const counter = identityKeyName ? await storage.readAttempts(identityKeyName, now) : null;
			return counter && counter.count === settings.maxPerIdentity ? { key: "identity", retryAfterSeconds: retryAfter(counter, now) } : null;
		},
		async succeed(subject) {
			const key = identityOf(subject);
			if (key) await storage.clearAttempts(key);
		}
	};
}

/**
 * The identity's one login limiter (shared by the login route and HTTP Basic): counters in the
 * store when configured and supported, else in memory. Null when rate limiting is off.
 */
export function createLoginRateLimiter(settings: (RateLimitSettings & { storage?: "store" | "memory" }) | false, store: IdentityStore): RateLimiter | null {
	if (!settings) return null;
	const shared = settings.storage === "memory" ? null : storeAttemptStorage(store);
	return createRateLimiter(settings, shared ?? createMemoryAttemptStorage());
}
