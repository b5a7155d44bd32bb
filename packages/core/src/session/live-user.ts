import { constantTimeEqualStrings } from "../internal/constant-time.js";
import type { TokenClaims } from "../token/claims.js";
import type { UserRecord } from "../types.js";
import { isActiveRecord, type UserTemplate } from "../user.js";
import type { UserCache } from "./user-cache.js";

/** The live user a credential names, or null: it exists, is active, and its uniquifier is unchanged. */
export type LiveUserLookup = (claims: TokenClaims) => Promise<UserRecord | null>;

/**
 * The live user a credential names when the user cache already holds it (as the record's user
 * template), else undefined (ask the lookup). Synchronous; never refuses: a cached record that does
 * not match is left to the lookup, which reads the store again.
 */
export type CachedLiveUser = (claims: TokenClaims) => UserTemplate | undefined;

/** The synchronous side of {@link createLiveUserLookup}: cache hits only; always undefined without a cache. */
export function createCachedLiveUser(cache: UserCache | null): CachedLiveUser {
	if (!cache) return () => undefined;
	return (claims) => {
		const cached = cache.peek(claims.sub);
		return cached && isLive(cached.record, claims) ? cached : undefined;
	};
}

function isLive(record: UserRecord | null, claims: TokenClaims): record is UserRecord {
	if (!record || !isActiveRecord(record) || typeof record.uniquifier !== "string") return false;
	return constantTimeEqualStrings(record.uniquifier, claims.uq);
}

/**
 * Looks up the user of a verified credential: through the user cache when there is one (a repeat
 * request costs no store query), else in the store. A cached record that refuses the credential is
 * read again from the store before the credential is refused: a credential issued after the cached
 * read (a login in another instance or module copy rotated the uniquifier) must work at once; only
 * revocations may lag, by at most the cache's age. Store failures throw `StoreError`.
 */
export function createLiveUserLookup(find: (userId: string) => Promise<UserRecord | null>, cache: UserCache | null): LiveUserLookup {
	return async (claims) => {
		if (!cache) {
			const record = await find(claims.sub);
			return isLive(record, claims) ? record : null;
		}
		const cached = await cache.load(claims.sub, () => find(claims.sub));
		if (isLive(cached, claims)) return cached;
		cache.invalidate(claims.sub);
		const fresh = await cache.load(claims.sub, () => find(claims.sub));
		return isLive(fresh, claims) ? fresh : null;
	};
}
