import type { UserRecord } from "../types.js";
import { toUserTemplate, type UserTemplate } from "../user.js";

/** Users recently loaded for a credential, so repeat requests cost no store query. */
export interface UserCache {
	/**
	 * The record of `userId`: from the cache when younger than the age limit, else from `fetch`
	 * (concurrent misses share one fetch). A fetch that overlapped an invalidation is not cached.
	 */
	load(userId: string, fetch: () => Promise<UserRecord | null>): Promise<UserRecord | null>;
	/**
	 * The cached record of `userId` without a fetch, as a user template (made on the first peek and
	 * dropped with the record): the template (or null, a cached miss) while the record is younger
	 * than the age limit, else undefined. Synchronous, for the guards' quick path.
	 */
	peek(userId: string): UserTemplate | null | undefined;
	/** Drops `userId` (a write to the user, here or on another instance). */
	invalidate(userId: string): void;
}

/**
 * A bounded cache of user records (oldest first out), each kept at most `maxAgeSeconds`. It is
 * exact for the writes it is told of (`invalidate`); writes made elsewhere are seen after at most
 * `maxAgeSeconds`.
 */
export function createUserCache(settings: { maxEntries: number; maxAgeSeconds: number }): UserCache {
	const entries = new Map<string, { record: UserRecord | null; until: number; template: UserTemplate | null }>();
	const pending = new Map<string, Promise<UserRecord | null>>();
	// Bumped by every invalidation: a fetch started before one must not fill the cache after it.
	let generation = 0;
	const maxAgeMs = settings.maxAgeSeconds * 1000;

	return {
		load(userId, fetch) {
			const entry = entries.get(userId);
			if (entry) {
				if (entry.until > Date.now()) return Promise.resolve(entry.record);
				entries.delete(userId);
			}
			let inFlight = pending.get(userId);
			if (!inFlight) {
				const started = generation;
				inFlight = fetch().then(
					(record) => {
						pending.delete(userId);
						if (started === generation) {
							entries.set(userId, { record, until: Date.now() + maxAgeMs, template: null });
							if (entries.size > settings.maxEntries) entries.delete(entries.keys().next().value as string);
						}
						return record;
					},
					(error: unknown) => {
						pending.delete(userId);
						throw error;
					}
				);
				pending.set(userId, inFlight);
			}
			return inFlight;
		},
		peek(userId) {
			const entry = entries.get(userId);
			if (!entry || entry.until <= Date.now()) return undefined;
			if (!entry.record) return null;
			return (entry.template ??= toUserTemplate(entry.record));
		},
		invalidate(userId) {
			generation++;
			entries.delete(userId);
			pending.delete(userId);
		}
	};
}
