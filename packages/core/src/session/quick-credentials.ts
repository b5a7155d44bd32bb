import type { TokenClaims } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { AuthMethod, UserRecord } from "../types.js";
import type { UserSource } from "../user.js";
import type { CookieJar } from "./cookie-jar.js";
import { firstRequestToken, isDueToSlide, readAuthorization } from "./credentials.js";
import type { CachedLiveUser, LiveUserLookup } from "./live-user.js";

/**
 * A credential confirmed with its user's cached template, or the live record one store lookup
 * returned: the user object is made from it only when someone reads it (see setPendingCurrent).
 */
export interface PendingAuthenticated {
	pending: UserSource;
	source: "session" | "token";
	claims: TokenClaims;
}

/**
 * What a quick reader found: the credential's user (synchronously, as a template, when the user
 * cache holds it, else a promise of the store lookup), `null` when the request carries no credential
 * of that kind at all, or `undefined` when only the full reader can tell (a credential seen for the
 * first time, a session cookie due to slide, a duplicate cookie, a user that is not live, anything
 * unusual). A promise resolves to `undefined` in the same cases; it rejects when the store fails.
 */
export type QuickRead = PendingAuthenticated | null | undefined | Promise<PendingAuthenticated | undefined>;

/** The credential readers' quick side, for the guards' quick path. */
export type QuickCredentialReaders = Record<AuthMethod, (request: Request) => QuickRead>;

/**
 * Readers that confirm a credential whose signature was already verified (the verified-credential
 * cache) with at most one user lookup, and no other work: no per-request memo, no promise when the
 * user cache holds the user. They only ever confirm what the full readers would find: whenever that
 * takes more work or could have a side effect (clearing a dead cookie, sliding the session,
 * restoring a session from the remember cookie), they answer `undefined` and the guard takes the
 * full path.
 */
export function createQuickCredentialReaders(deps: {
	tokens: TokenCodec;
	jar: CookieJar;
	cachedLiveUser: CachedLiveUser;
	liveUser: LiveUserLookup;
	sessionMaxAgeSeconds: number;
	tokenHeader: string;
	tokenQueryParam: string | null;
}): QuickCredentialReaders {
	const { tokens, jar, cachedLiveUser, liveUser } = deps;
	const found = (claims: TokenClaims, source: "session" | "token"): QuickRead => {
		const cached = cachedLiveUser(claims);
		if (cached) return { pending: cached, source, claims };
		return liveUser(claims).then((live: UserRecord | null) => (live ? { pending: live, source, claims } : undefined));
	};
	return {
		session(request) {
			const values = jar.read(request, "session");
			if (values.length === 0) return jar.read(request, "remember").length === 0 ? null : undefined;
			if (values.length !== 1) return undefined;
			const claims = tokens.peek("session", values[0]!);
			if (!claims || isDueToSlide(claims, deps.sessionMaxAgeSeconds)) return undefined;
			return found(claims, "session");
		},
		token(request) {
			const first = firstRequestToken(request, deps.tokenHeader, deps.tokenQueryParam);
			if (first === undefined) return null;
			const claims = tokens.peek("bearer", first);
			return claims ? found(claims, "token") : undefined;
		},
		basic: (request) => (readAuthorization(request, "basic") === null ? null : undefined)
	};
}
