import type { AttemptCounter } from "../store.js";

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
