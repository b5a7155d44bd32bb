import type { WindowCounter } from "../coordinator.js";
import type { CounterStorage } from "./counters.js";
import { addressKey } from "./keys.js";

/** The limits of the login throttle. */
export interface ThrottleSettings {
	/** Failed attempts an account (or one known device) may have per window before it is locked. */
	maxPerIdentity: number;
	/** Failed attempts per client address (IPv4, or an IPv6 /64) per window. */
	maxPerAddress: number;
	/** Failed attempts across all accounts per window, for clients without a known device. */
	maxGlobal: number;
	/** The first window; each lockout of an account doubles the next one, up to a day. */
	windowSeconds: number;
}

/** What one login attempt is counted against. */
export interface ThrottleSubject {
	/** The account's counter key: the user's id, or a bucket shared by unknown names. */
	account: string;
	/** The client address, or null when unknown. */
	address: string | null;
	/** The id of a device that logged in to this account before (a valid device cookie), or null. */
	device: string | null;
}

/** A refusal: which counter is full and when it resets. */
export interface ThrottleHit {
	key: "identity" | "address" | "global";
	retryAfterSeconds: number;
}

/**
 * The login throttle. `admit` runs before any password work and counts the attempt against the
 * account (or the known device) in one atomic increment, so parallel guesses get at most the
 * budget of checks; `failed` counts a failed check against the address and the global budget;
 * `succeeded` clears the account's (or device's) counters.
 */
export interface LoginThrottle {
	admit(subject: ThrottleSubject, now?: Date): Promise<ThrottleHit | null>;
	/** After a failed check; returns the lockout it caused, if any. */
	failed(subject: ThrottleSubject, now?: Date): Promise<ThrottleHit | null>;
	succeeded(subject: ThrottleSubject): Promise<void>;
}

/** Backoff stops doubling here. */
export const MAX_LOCK_SECONDS = 24 * 60 * 60;
/** How long an account's lockouts are remembered for the backoff (a success forgets them at once). */
const STRIKES_WINDOW_SECONDS = 7 * 24 * 60 * 60;

const retryAfter = (counter: WindowCounter, now: Date) => Math.max(1, Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000));

/** The limit each key is counted against (the memory counters never evict a key at its limit). */
export function limitOfKey(settings: ThrottleSettings): (key: string) => number {
	return (key) => {
		if (key.startsWith("login:account:") || key.startsWith("login:device:")) return settings.maxPerIdentity;
		if (key.startsWith("login:address:")) return settings.maxPerAddress;
		if (key.startsWith("login:global")) return settings.maxGlobal;
		return 1; // strikes: any strike is worth keeping
	};
}

/**
 * The throttle (OWASP's login throttling with device cookies):
 * - a client with a known device (it logged in to this account before) is counted per device
 *   only: a password spray against the account's name neither locks the owner out nor is
 *   counted against their office's shared address;
 * - every other client is counted per account, with exponential backoff: each lockout doubles the
 *   next window (15 min, 30, 60, ... up to a day; remembered for a week) until a success clears it;
 *   per address (an IPv6
 *   /64 counts as one); and against a global failed-login budget, which stops spraying from many
 *   addresses.
 */
export function createLoginThrottle(settings: ThrottleSettings, counters: CounterStorage): LoginThrottle {
	const accountKey = (s: ThrottleSubject) => `login:account:${s.account}`;
	const strikesKey = (s: ThrottleSubject) => `login:strikes:${s.account}`;
	const deviceKey = (s: ThrottleSubject) => `login:device:${s.device}`;
	const addressOf = (s: ThrottleSubject) => (s.address ? `login:address:${addressKey(s.address)}` : null);
	const globalKey = "login:global";

	const full = async (key: string, max: number, now: Date): Promise<WindowCounter | null> => {
		const counter = await counters.read(key, now);
		return counter && counter.count >= max ? counter : null;
	};

	return {
		async admit(subject, now = new Date()) {
			if (subject.device) {
				const device = await counters.increment(deviceKey(subject), settings.windowSeconds, now);
				return device.count > settings.maxPerIdentity ? { key: "identity", retryAfterSeconds: retryAfter(device, now) } : null;
			}
			const global = await full(globalKey, settings.maxGlobal, now);
			if (global) return { key: "global", retryAfterSeconds: retryAfter(global, now) };
			const addressKeyName = addressOf(subject);
			const address = addressKeyName ? await full(addressKeyName, settings.maxPerAddress, now) : null;
			if (address) return { key: "address", retryAfterSeconds: retryAfter(address, now) };
			const strikes = (await counters.read(strikesKey(subject), now))?.count ?? 0;
			const window = Math.min(settings.windowSeconds * 2 ** Math.min(strikes, 16), MAX_LOCK_SECONDS);
			// Counted before any password work: the (max + 1)th concurrent attempt is refused unchecked.
			const account = await counters.increment(accountKey(subject), window, now);
			if (account.count <= settings.maxPerIdentity) return null;
			if (account.count === settings.maxPerIdentity + 1) await counters.increment(strikesKey(subject), STRIKES_WINDOW_SECONDS, now);
			return { key: "identity", retryAfterSeconds: retryAfter(account, now) };
		},
		async failed(subject, now = new Date()) {
			if (subject.device) return null;
			let hit: ThrottleHit | null = null;
			const addressKeyName = addressOf(subject);
			if (addressKeyName) {
				const address = await counters.increment(addressKeyName, settings.windowSeconds, now);
				if (address.count === settings.maxPerAddress) hit = { key: "address", retryAfterSeconds: retryAfter(address, now) };
			}
			const global = await counters.increment(globalKey, settings.windowSeconds, now);
			if (global.count === settings.maxGlobal) hit ??= { key: "global", retryAfterSeconds: retryAfter(global, now) };
			const account = await counters.read(accountKey(subject), now);
			if (account && account.count === settings.maxPerIdentity) hit ??= { key: "identity", retryAfterSeconds: retryAfter(account, now) };
			return hit;
		},
		async succeeded(subject) {
			if (subject.device) {
				await counters.clear(deviceKey(subject));
				return;
			}
			await counters.clear(accountKey(subject));
			await counters.clear(strikesKey(subject));
		}
	};
}
