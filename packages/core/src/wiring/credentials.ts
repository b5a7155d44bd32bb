import { MAX_CREDENTIAL_LENGTH, VERIFIED_TOKEN_CACHE_SIZE } from "../options/limits.js";
import type { ResolvedOptions } from "../options/resolve.js";
import { createCookieJar } from "../session/cookie-jar.js";
import { createCredentialReaders } from "../session/credentials.js";
import { createCsrf } from "../session/csrf.js";
import { createUserLoader } from "../session/current-user.js";
import { createCredentialIssuer } from "../session/issue.js";
import { createQuickCredentialReaders } from "../session/quick-credentials.js";
import { createCachedLiveUser, createLiveUserLookup } from "../session/live-user.js";
import { createUserCache } from "../session/user-cache.js";
import { createPurposeKeys } from "../token/keys.js";
import { createTokenCodec } from "../token/token.js";
import type { UserRecord } from "../types.js";

/**
 * The credential layer of an identity: signing, our cookies, reading credentials back, the user
 * cache, the request's user and CSRF. `enrich` adds what a loaded user should carry (its
 * two-factor state) before it is cached.
 */
export function wireCredentials(o: ResolvedOptions, enrich: (record: UserRecord) => Promise<UserRecord> = async (record) => record) {
	const { store } = o;
	// The user cache hears of every write through this store object, and of other instances'
	// writes through the coordinator.
	const cache = o.userCache ? createUserCache(o.userCache) : null;
	const changed = (userId: string): void => {
		cache?.invalidate(userId);
		o.coordinator?.publishInvalidation(userId).catch(() => {});
	};
	if (cache || o.coordinator) store.subscribe?.(changed);
	if (cache) o.coordinator?.subscribeInvalidations((userId) => cache.invalidate(userId));

	const tokens = createTokenCodec(createPurposeKeys(o.secret), { maxLength: MAX_CREDENTIAL_LENGTH, cacheSize: VERIFIED_TOKEN_CACHE_SIZE });
	const jar = createCookieJar({
		cookie: o.cookie,
		names: {
			session: o.session.cookieName,
			remember: o.remember.cookieName,
			device: o.rateLimit ? o.rateLimit.deviceCookieName : "identity_device",
			// The pending two-factor login: `<session cookie name>_2fa`.
			pending: `${o.session.cookieName}_2fa`
		}
	});
	const issuer = createCredentialIssuer({ tokens, jar, sessionMaxAgeSeconds: o.session.maxAgeSeconds, tokenMaxAgeSeconds: o.token.maxAgeSeconds });
	const find = async (id: string) => {
		const record = await store.findUser({ id });
		return record ? enrich(record) : null;
	};
	const liveUser = createLiveUserLookup(find, cache);
	const readers = createCredentialReaders({
		tokens,
		jar,
		issuer,
		liveUser,
		sessionMaxAgeSeconds: o.session.maxAgeSeconds,
		tokenHeader: o.token.header,
		tokenQueryParam: o.token.queryParam
	});
	const quickReaders = createQuickCredentialReaders({
		tokens,
		jar,
		cachedLiveUser: createCachedLiveUser(cache),
		liveUser,
		sessionMaxAgeSeconds: o.session.maxAgeSeconds,
		tokenHeader: o.token.header,
		tokenQueryParam: o.token.queryParam
	});
	const loader = createUserLoader(readers, quickReaders, o.anonymousUser);
	const csrf = createCsrf({ tokens, loader, trustedOrigins: o.trustedOrigins });
	return { changed, tokens, jar, issuer, readers, quickReaders, loader, csrf };
}

/** The credential layer of an identity. */
export type Credentials = ReturnType<typeof wireCredentials>;
