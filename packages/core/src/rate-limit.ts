import type { AttemptCounter, IdentityStore } from "./store.js";

/** Where failure counters live: the store's optional attempt methods, or memory. */
export interface AttemptStorage {
	readAttempts(key: string, now: Date): Promise<AttemptCounter | null>;
	addAttempt(key: string, windowSeconds: number, now: Date): Promise<AttemptCounter>;
	clearAttempts(key: string): Promise<void>;
}

/** The limits: failures allowed per identity and per client address within one window. */
export interface RateLimitSettings {
	maxPerIdentity: number;
	maxPerAddress: number;
	windowSeconds: number;
}

/** What a login attempt is counted against. `address` is null when the client address is unknown. */
export interface AttemptSubject {
	identity: string | null;
	address: string | null;
}

/** A refusal: which counter is full and how long until it resets. */
export interface RateLimitHit {
	key: "identity" | "address";
	retryAfterSeconds: number;
}

/**
 * The login rate limiter. `begin` runs before the password is checked and counts the attempt
 * against the identity at once, so parallel guesses are counted before any of them finishes;
 * `fail` counts a failed check against the address; `succeed` clears the identity's counter.
 */
export interface RateLimiter {
	/** The hit when the subject is currently limited (nothing is counted), else null. */
	check(subject: AttemptSubject, now?: Date): Promise<RateLimitHit | null>;
	/** Refuses when limited; otherwise counts this attempt against the identity. */
	begin(subject: AttemptSubject, now?: Date): Promise<RateLimitHit | null>;
	/** After a failed check: counts it against the address; returns the lockout it caused, if any. */
	fail(subject: AttemptSubject, now?: Date): Promise<RateLimitHit | null>;
	/** After a successful login: clears the identity's counter (the address counter stays). */
	succeed(subject: AttemptSubject): Promise<void>;
}

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
 * The storage key of a client address: IPv4 as is, IPv6 by its /64 prefix (one customer usually
 * holds a whole /64, so rotating within it must not reset the counter). IPv4-mapped IPv6 is IPv4.
 */
export function addressKey(address: string): string {
	const trimmed = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
	const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
	if (mapped?.[1]) return mapped[1];
	if (!trimmed.includes(":")) return trimmed;
	const groups = expandIPv6(trimmed);
	if (!groups) return trimmed;
	return `${groups.slice(0, 4).join(":")}::/64`;
}

/** The storage key of an identity value: case- and width-folded, so `Admin` and `ａdmin` share one counter. */
export function identityKey(identity: string): string {
	return identity.normalize("NFKC").trim().toLowerCase();
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

function expandIPv6(address: string): string[] | null {
	const halves = address.split("::");
	if (halves.length > 2) return null;
	const head = halves[0] ? halves[0].split(":") : [];
	const tail = halves[1] ? halves[1].split(":") : [];
	// An embedded IPv4 tail takes two groups.
	const last = tail.length ? tail[tail.length - 1] : head[head.length - 1];
	const v4 = last?.includes(".") ? 1 : 0;
	const missing = 8 - head.length - tail.length - v4;
	if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
	if (groups.slice(0, 4).some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
	return groups.map((g) => (g.includes(".") ? g : g.replace(/^0+(?=.)/, "")));
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
