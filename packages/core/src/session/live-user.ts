import { constantTimeEqualStrings } from "../internal/constant-time.js";
import type { IdentityStore } from "../store.js";
import type { TokenClaims } from "../token/claims.js";
import type { UserRecord } from "../types.js";
import { isActiveRecord } from "../user.js";
import type { UserCache } from "./user-cache.js";

/** The live user a credential names, or null: it exists, is active, and its uniquifier is unchanged. */
export type LiveUserLookup = (claims: TokenClaims) => Promise<UserRecord | null>;

/**
 * Looks up the user of a verified credential: through the user cache when there is one (a repeat
 * request costs no store query), else in the store. Store failures throw `StoreError`.
 */
export function createLiveUserLookup(store: IdentityStore, cache: UserCache | null): LiveUserLookup {
	const find = (id: string) => store.findUser({ id });
	return async (claims) => {
		const record = cache ? await cache.load(claims.sub, () => find(claims.sub)) : await find(claims.sub);
		if (!record || !isActiveRecord(record) || typeof record.uniquifier !== "string") return null;
		return constantTimeEqualStrings(record.uniquifier, claims.uq) ? record : null;
	};
}
