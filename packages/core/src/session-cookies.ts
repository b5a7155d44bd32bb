import { serializeCookie } from "./cookie.js";
import type { Engine } from "./engine.js";
import { randomToken } from "./internal/random.js";
import { stateOf } from "./request-state.js";
import { nowSeconds, type TokenClaims } from "./token/claims.js";
import type { UserRecord } from "./types.js";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `Secure` unless configured off, or "auto" and the request is plain http to a loopback host. */
export function isSecureCookie(engine: Engine, request: Request): boolean {
	const setting = engine.options.cookie.secure;
	if (setting !== "auto") return setting;
	const url = new URL(request.url);
	return !(url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname));
}

function queueCookie(engine: Engine, request: Request, name: string, value: string, maxAgeSeconds?: number): void {
	const { sameSite, domain, path } = engine.options.cookie;
	const header = serializeCookie(name, value, {
		maxAgeSeconds,
		httpOnly: true,
		secure: isSecureCookie(engine, request),
		sameSite,
		domain,
		path
	});
	stateOf(request).cookies.set(name, header);
}

/** Queues a cookie deletion (`Max-Age=0`). */
export function queueCookieDeletion(engine: Engine, request: Request, name: string): void {
	queueCookie(engine, request, name, "", 0);
}

/**
 * Issues the session cookie: a browser-session cookie (no Max-Age) whose signed value expires after
 * `session.maxAgeSeconds` and slides while the user is active.
 */
export async function issueSessionCookie(
	engine: Engine,
	request: Request,
	user: Pick<UserRecord, "id" | "uniquifier">,
	session: { at: number; fresh: boolean; sid?: string }
): Promise<TokenClaims> {
	const iat = nowSeconds();
	const claims: TokenClaims = {
		sub: user.id,
		uq: user.uniquifier,
		iat,
		exp: iat + engine.options.session.maxAgeSeconds,
		at: session.at,
		fr: session.fresh ? 1 : 0,
		sid: session.sid ?? randomToken(16)
	};
	queueCookie(engine, request, engine.options.session.cookieName, await engine.tokens.sign("session", claims));
	return claims;
}

/** Issues the remember cookie, a separate long-lived credential bound to the uniquifier. */
export async function issueRememberCookie(
	engine: Engine,
	request: Request,
	user: Pick<UserRecord, "id" | "uniquifier">,
	durationSeconds: number
): Promise<TokenClaims> {
	const iat = nowSeconds();
	const claims: TokenClaims = { sub: user.id, uq: user.uniquifier, iat, exp: iat + durationSeconds, at: iat };
	queueCookie(engine, request, engine.options.remember.cookieName, await engine.tokens.sign("remember", claims), durationSeconds);
	return claims;
}
