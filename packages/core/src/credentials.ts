import { authenticate } from "./authenticate.js";
import { readCookie } from "./cookie.js";
import type { Engine } from "./engine.js";
import { constantTimeEqualStrings } from "./internal/constant-time.js";
import { once } from "./request-state.js";
import { issueSessionCookie, queueCookieDeletion } from "./session-cookies.js";
import { nowSeconds, type TokenClaims } from "./token/claims.js";
import type { AuthenticatedUser, AuthSource, UserRecord } from "./types.js";
import { isActiveRecord, toAuthenticatedUser } from "./user.js";

/** A credential that named a live user. */
export interface Authenticated {
	user: AuthenticatedUser;
	source: AuthSource;
	/** The session (or bearer) claims: login time and freshness. Null for basic auth. */
	claims: TokenClaims | null;
}

/** The live user a credential names: it exists, is active, and its uniquifier is unchanged. */
async function liveUser(engine: Engine, claims: TokenClaims): Promise<UserRecord | null> {
	const record = await engine.options.store.findUser({ id: claims.sub });
	if (!record || !isActiveRecord(record) || typeof record.uniquifier !== "string") return null;
	return constantTimeEqualStrings(record.uniquifier, claims.uq) ? record : null;
}

/** The live user of a cookie credential; a dead cookie (bad, expired, revoked) is queued for deletion. */
async function readCookieCredential(
	engine: Engine,
	request: Request,
	purpose: "session" | "remember",
	cookieName: string
): Promise<{ claims: TokenClaims; record: UserRecord } | null> {
	const token = readCookie(request.headers.get("cookie"), cookieName);
	if (!token) return null;
	const claims = await engine.tokens.verify(purpose, token);
	const record = claims && (await liveUser(engine, claims));
	if (!claims || !record) {
		queueCookieDeletion(engine, request, cookieName);
		return null;
	}
	return { claims, record };
}

/** The session cookie's user; slides the cookie's expiry once half of it has passed. */
export function checkSession(engine: Engine, request: Request): Promise<Authenticated | null> {
	return once(request, "session", async () => {
		const { cookieName, maxAgeSeconds } = engine.options.session;
		const found = await readCookieCredential(engine, request, "session", cookieName);
		if (!found) return null;
		const { claims, record } = found;
		let current = claims;
		if (claims.exp - nowSeconds() < maxAgeSeconds / 2) {
			current = await issueSessionCookie(engine, request, record, { at: claims.at ?? claims.iat, fresh: claims.fr === 1, sid: claims.sid });
		}
		return { user: toAuthenticatedUser(record), source: "session", claims: current };
	});
}

/** The remember cookie's user; restores a session that is marked not fresh. */
export function checkRemember(engine: Engine, request: Request): Promise<Authenticated | null> {
	return once(request, "remember", async () => {
		const found = await readCookieCredential(engine, request, "remember", engine.options.remember.cookieName);
		if (!found) return null;
		const session = await issueSessionCookie(engine, request, found.record, { at: found.claims.at ?? found.claims.iat, fresh: false });
		return { user: toAuthenticatedUser(found.record), source: "remember", claims: session };
	});
}

/** The cookie credentials in their order: the session cookie, then the remember cookie. */
export async function checkCookies(engine: Engine, request: Request): Promise<Authenticated | null> {
	return (await checkSession(engine, request)) ?? (await checkRemember(engine, request));
}

function authorization(request: Request, scheme: string): string | null {
	const header = request.headers.get("authorization");
	if (!header || header.length > 8192) return null;
	const match = /^([A-Za-z]+) +([^\s]+) *$/.exec(header);
	return match && match[1]!.toLowerCase() === scheme ? match[2]! : null;
}

/** The credential strings a request carries as a token: Bearer, the token header, the query parameter. */
export function readRequestTokens(engine: Engine, request: Request): string[] {
	const tokens: string[] = [];
	const bearer = authorization(request, "bearer");
	if (bearer) tokens.push(bearer);
	const header = request.headers.get(engine.options.token.header)?.trim();
	if (header) tokens.push(header);
	const param = engine.options.token.queryParam;
	if (param && request.url.includes("?")) {
		const value = new URL(request.url).searchParams.get(param);
		if (value) tokens.push(value);
	}
	return tokens;
}

/** The user of a request token (Bearer, header, then the opt-in query parameter). */
export function checkToken(engine: Engine, request: Request): Promise<Authenticated | null> {
	return once(request, "token", async () => {
		for (const token of readRequestTokens(engine, request)) {
			const claims = await engine.tokens.verify("bearer", token);
			const record = claims && (await liveUser(engine, claims));
			if (claims && record) return { user: toAuthenticatedUser(record), source: "token", claims };
		}
		return null;
	});
}

/** HTTP Basic credentials, checked like a login (only where `"basic"` is enabled). */
export function checkBasic(engine: Engine, request: Request): Promise<Authenticated | null> {
	return once(request, "basic", async () => {
		const encoded = authorization(request, "basic");
		if (!encoded || encoded.length > 2048) return null;
		let decoded: string;
		try {
			decoded = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
		} catch {
			return null;
		}
		const colon = decoded.indexOf(":");
		if (colon <= 0) return null;
		// Basic credentials are password guesses like any login: the same limiter counts them.
		const subject = { identity: decoded.slice(0, colon), address: engine.options.getClientAddress(request) };
		if (engine.limiter && (await engine.limiter.begin(subject))) return null;
		const result = await authenticate(engine, subject.identity, decoded.slice(colon + 1));
		if (!result.ok) {
			if (result.reason !== "invalid_input") await engine.limiter?.fail(subject);
			return null;
		}
		await engine.limiter?.succeed(subject);
		return { user: toAuthenticatedUser(result.user), source: "basic", claims: null };
	});
}
