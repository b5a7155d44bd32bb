import { constantTimeEqualStrings } from "../internal/constant-time.js";
import type { IdentityStore } from "../store.js";
import type { TokenClaims } from "../token/claims.js";
import type { UserRecord } from "../types.js";
import { isActiveRecord } from "../user.js";

/** The live user a credential names, or null: it exists, is active, and its uniquifier is unchanged. */
export type LiveUserLookup = (claims: TokenClaims) => Promise<UserRecord | null>;

/** Looks up the user of a verified credential in the store (store failures throw `StoreError`). */
export function createLiveUserLookup(store: IdentityStore): LiveUserLookup {
	return async (claims) => {
		const record = await store.findUser({ id: claims.sub });
		if (!record || !isActiveRecord(record) || typeof record.uniquifier !== "string") return null;
		return constantTimeEqualStrings(record.uniquifier, claims.uq) ? record : null;
	};
}
