import { MAX_AUTHORIZATION_LENGTH } from "../options/limits.js";
import { nowSeconds, type TokenClaims } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { AuthenticatedUser, AuthSource, UserRecord } from "../types.js";
import { toAuthenticatedUser } from "../user.js";
import type { CookieJar, CookieKind } from "./cookie-jar.js";
import type { CredentialIssuer } from "./issue.js";
import type { LiveUserLookup } from "./live-user.js";
import { hasQueuedCookie, memoPerRequest } from "./state.js";

/** A credential that named a live user. */
export interface Authenticated {
	user: AuthenticatedUser;
	source: AuthSource;
	/** The credential's claims (login time, freshness, session id); null for HTTP Basic. */
	claims: TokenClaims | null;
}

/** The readers of the credentials a request carries, each memoised per request. */
export interface CredentialReaders {
	/** The session cookie's user. Side effects: slides the cookie past half its life; clears a dead cookie. */
	readSessionCookie(request: Request): Promise<Authenticated | null>;
	/** The remember cookie's user. Side effects: restores a session cookie (not fresh); clears a dead cookie. */
	readRememberCookie(request: Request): Promise<Authenticated | null>;
	/** The cookie credentials in their order: the session cookie, then the remember cookie. */
	readCookies(request: Request): Promise<Authenticated | null>;
	/** A request token's user: `Authorization: Bearer`, then the token header, then the opt-in query parameter. No side effects. */
	readRequestToken(request: Request): Promise<Authenticated | null>;
}

/** Whether a session cookie's claims are past half the session's life: the reader re-issues (slides) it. */
export function isDueToSlide(claims: TokenClaims, sessionMaxAgeSeconds: number): boolean {
	return claims.exp - nowSeconds() < sessionMaxAgeSeconds / 2;
}

/** The `Authorization` credentials of one scheme (`bearer`, `basic`), or null. */
export function readAuthorization(request: Request, scheme: "bearer" | "basic"): string | null {
	const header = request.headers.get("authorization");
	if (!header || header.length > MAX_AUTHORIZATION_LENGTH) return null;
	const match = /^([A-Za-z]+) +([^\s]+) *$/.exec(header);
	return match && match[1]!.toLowerCase() === scheme ? match[2]! : null;
}

// The three places a request token can be, each read on its own, in the order they are tried.
const bearerToken = (request: Request): string | null => readAuthorization(request, "bearer");
const headerToken = (request: Request, tokenHeader: string): string | null => request.headers.get(tokenHeader)?.trim() || null;
const queryToken = (request: Request, tokenQueryParam: string | null): string | null =>
	tokenQueryParam && request.url.includes("?") ? new URL(request.url).searchParams.get(tokenQueryParam) || null : null;

/** The request tokens a request carries, in order: `Authorization: Bearer`, the token header, the opt-in query parameter. */
export function requestTokenCandidates(request: Request, tokenHeader: string, tokenQueryParam: string | null): string[] {
	return [bearerToken(request), headerToken(request, tokenHeader), queryToken(request, tokenQueryParam)].filter((token): token is string => token !== null);
}

/** The first of {@link requestTokenCandidates}, reading no further than it must (the guards' quick path). */
export function firstRequestToken(request: Request, tokenHeader: string, tokenQueryParam: string | null): string | undefined {
	return bearerToken(request) ?? headerToken(request, tokenHeader) ?? queryToken(request, tokenQueryParam) ?? undefined;
}

export function createCredentialReaders(deps: {
	tokens: TokenCodec;
	jar: CookieJar;
	issuer: CredentialIssuer;
	liveUser: LiveUserLookup;
	sessionMaxAgeSeconds: number;
	tokenHeader: string;
	tokenQueryParam: string | null;
}): CredentialReaders {
	const { tokens, jar, issuer, liveUser } = deps;

	/**
	 * The live user of our cookie of `kind`. Duplicates (a planted copy) are all checked: one
	 * valid user wins; valid copies naming different users are ambiguous (nobody); only when no copy
	 * is valid is the cookie cleared, so a planted copy never signs the user out or deletes theirs.
	 */
	async function readCookie(request: Request, kind: Extract<CookieKind, "session" | "remember">): Promise<{ claims: TokenClaims; record: UserRecord } | null> {
		const values = jar.read(request, kind);
		if (values.length === 0) return null;
		let found: { claims: TokenClaims; record: UserRecord } | null = null;
		for (const value of values) {
			// A credential verified before costs no promise turn.
			const claims = tokens.peek(kind, value) ?? (await tokens.verify(kind, value));
			const record = claims && (await liveUser(claims));
			if (!claims || !record) continue;
			if (found && found.record.id !== record.id) return null;
			found ??= { claims, record };
		}
		if (!found && !hasQueuedCookie(request, jar.nameOf(request, kind))) jar.clear(request, kind);
		return found;
	}

	const readSessionCookie = (request: Request) =>
		memoPerRequest(request, "session", async (): Promise<Authenticated | null> => {
			const found = await readCookie(request, "session");
			if (!found) return null;
			let claims = found.claims;
			if (isDueToSlide(claims, deps.sessionMaxAgeSeconds)) {
				claims = await issuer.issueSession(request, found.record, { at: claims.at ?? claims.iat, fresh: claims.fr === 1, sid: claims.sid });
			}
			return { user: toAuthenticatedUser(found.record), source: "session", claims };
		});

	const readRememberCookie = (request: Request) =>
		memoPerRequest(request, "remember", async (): Promise<Authenticated | null> => {
			const found = await readCookie(request, "remember");
			if (!found) return null;
			const claims = await issuer.issueSession(request, found.record, { at: found.claims.at ?? found.claims.iat, fresh: false });
			return { user: toAuthenticatedUser(found.record), source: "remember", claims };
		});

	const readRequestToken = (request: Request) =>
		memoPerRequest(request, "token", async (): Promise<Authenticated | null> => {
			for (const token of requestTokenCandidates(request, deps.tokenHeader, deps.tokenQueryParam)) {
				const claims = await tokens.verify("bearer", token);
				const record = claims && (await liveUser(claims));
				if (claims && record) return { user: toAuthenticatedUser(record), source: "token", claims };
			}
			return null;
		});

	return {
		readSessionCookie,
		readRememberCookie,
		async readCookies(request) {
			return (await readSessionCookie(request)) ?? (await readRememberCookie(request));
		},
		readRequestToken
	};
}
