import type { TokenCodec } from "../token/token.js";
import type { AuthMethod } from "../types.js";
import { toAuthenticatedUser } from "../user.js";
import type { CookieJar } from "./cookie-jar.js";
import { isDueToSlide, readAuthorization, requestTokenCandidates, type Authenticated } from "./credentials.js";
import type { CachedLiveUser } from "./live-user.js";

/**
 * What a synchronous reader found: the credential's user (a cache hit), `null` when the request
 * carries no credential of that kind at all, or `undefined` when only the asynchronous reader can
 * tell (a credential seen for the first time, a user not cached, a session cookie due to slide, a
 * duplicate cookie, anything unusual).
 */
export type CachedRead = Authenticated | null | undefined;

/** The credential readers' synchronous side, for the guards' cached path. */
export type CachedCredentialReaders = Record<AuthMethod, (request: Request) => CachedRead>;

/**
 * Readers that answer from the verified-credential cache and the user cache alone, with no promise
 * and no store call. They only ever confirm what the asynchronous readers would find: whenever that
 * takes any work or could have a side effect (clearing a dead cookie, sliding the session, restoring
 * a session from the remember cookie), they answer `undefined` and the guard takes the full path.
 */
export function createCachedCredentialReaders(deps: {
	tokens: TokenCodec;
	jar: CookieJar;
	cachedLiveUser: CachedLiveUser;
	sessionMaxAgeSeconds: number;
	tokenHeader: string;
	tokenQueryParam: string | null;
}): CachedCredentialReaders {
	const { tokens, jar, cachedLiveUser } = deps;
	return {
		session(request) {
			const values = jar.read(request, "session");
			if (values.length === 0) return jar.read(request, "remember").length === 0 ? null : undefined;
			if (values.length !== 1) return undefined;
			const claims = tokens.peek("session", values[0]!);
			if (!claims || isDueToSlide(claims, deps.sessionMaxAgeSeconds)) return undefined;
			const record = cachedLiveUser(claims);
			return record ? { user: toAuthenticatedUser(record), source: "session", claims } : undefined;
		},
		token(request) {
			const [first] = requestTokenCandidates(request, deps.tokenHeader, deps.tokenQueryParam);
			if (first === undefined) return null;
			const claims = tokens.peek("bearer", first);
			const record = claims && cachedLiveUser(claims);
			return claims && record ? { user: toAuthenticatedUser(record), source: "token", claims } : undefined;
		},
		basic: (request) => (readAuthorization(request, "basic") === null ? null : undefined)
	};
}
