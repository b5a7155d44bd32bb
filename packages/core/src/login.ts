import { readCookie } from "./cookie.js";
import { loadCurrentUser, replaceCurrentUser } from "./current-user.js";
import type { Engine } from "./engine.js";
import { IdentityError } from "./errors.js";
import type { LoginOptions } from "./identity-api.js";
import { randomHex32 } from "./internal/random.js";
import { stateOf } from "./request-state.js";
import { issueRememberCookie, issueSessionCookie, queueCookieDeletion } from "./session-cookies.js";
import { nowSeconds } from "./token/claims.js";
import type { CurrentUser, UserRecord } from "./types.js";
import { isActiveRecord, isAnonymousUser, toAuthenticatedUser } from "./user.js";

function recordOf(user: UserRecord | CurrentUser): UserRecord {
	if (!user || typeof user !== "object" || isAnonymousUser(user) || typeof (user as UserRecord).id !== "string") {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "Expected a user record with an id");
	}
	return user as UserRecord;
}

/**
 * Logs `user` in on this request's response: session cookie, and with `remember` the remember
 * cookie. False (and nothing set) for an inactive user. In single-session mode (the default) the
 * user's uniquifier is rotated, which ends every other session, remember cookie and token.
 */
export async function loginUser(engine: Engine, request: Request, user: UserRecord | CurrentUser, options: LoginOptions = {}): Promise<boolean> {
	const record = recordOf(user);
	if (!isActiveRecord(record)) return false;
	const { store, session, remember } = engine.options;
	const durationSeconds = options.durationSeconds ?? remember.maxAgeSeconds;
	if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "loginUser: durationSeconds must be a positive number");
	}
	let uniquifier = record.uniquifier;
	if (options.uniquifier !== undefined || session.singleSession || typeof uniquifier !== "string") {
		uniquifier = await store.setUniquifier(record, options.uniquifier ?? randomHex32());
	}
	const loggedIn: UserRecord = { ...record, uniquifier };
	const now = nowSeconds();
	await store.recordLogin(record, { at: new Date(now * 1000), address: engine.options.getClientAddress(request) });
	const claims = await issueSessionCookie(engine, request, loggedIn, { at: now, fresh: options.fresh ?? true });
	engine.emit("tokenIssued", { user: toAuthenticatedUser(loggedIn), kind: "session", expiresAt: new Date(claims.exp * 1000) });
	if (options.remember) {
		const rememberClaims = await issueRememberCookie(engine, request, loggedIn, durationSeconds);
		engine.emit("tokenIssued", { user: toAuthenticatedUser(loggedIn), kind: "remember", expiresAt: new Date(rememberClaims.exp * 1000) });
	} else if (readCookie(request.headers.get("cookie"), remember.cookieName) !== null) {
		queueCookieDeletion(engine, request, remember.cookieName);
	}
	const state = stateOf(request);
	state.user = toAuthenticatedUser(loggedIn);
	state.source = "session";
	state.claims = claims;
	return true;
}

/**
 * Logs the request's user out: clears the session and remember cookies and, in single-session mode,
 * rotates the uniquifier so copies of old cookies and tokens stop working.
 */
export async function logoutUser(engine: Engine, request: Request): Promise<void> {
	const user = await loadCurrentUser(engine, request);
	queueCookieDeletion(engine, request, engine.options.session.cookieName);
	if (readCookie(request.headers.get("cookie"), engine.options.remember.cookieName) !== null) {
		queueCookieDeletion(engine, request, engine.options.remember.cookieName);
	}
	if (user.isAuthenticated && engine.options.session.singleSession) {
		await engine.options.store.setUniquifier(user as UserRecord);
	}
	replaceCurrentUser(engine, request, null);
	if (user.isAuthenticated) engine.emit("loggedOut", { request, user });
}

/** A signed bearer token bound to the user's uniquifier, expiring after `token.maxAgeSeconds`. */
export async function getAuthToken(engine: Engine, user: UserRecord | CurrentUser, options: { fresh?: boolean } = {}): Promise<string> {
	const record = recordOf(user);
	if (typeof record.uniquifier !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "The user has no uniquifier");
	const iat = nowSeconds();
	const exp = iat + engine.options.token.maxAgeSeconds;
	const token = await engine.tokens.sign("bearer", { sub: record.id, uq: record.uniquifier, iat, exp, at: iat, fr: options.fresh ? 1 : 0 });
	engine.emit("tokenIssued", { user: toAuthenticatedUser(record), kind: "bearer", expiresAt: new Date(exp * 1000) });
	return token;
}

/** The JSON-safe view of a user: id, identity field, roles. Never the password hash or the uniquifier. */
export function getSecurityPayload(engine: Engine, user: UserRecord | CurrentUser): Record<string, unknown> {
	const record = recordOf(user);
	if (engine.options.securityPayload) return engine.options.securityPayload(record);
	const field = engine.options.identityField;
	return { id: record.id, [field]: record[field], roles: [...(record.roles ?? [])] };
}
