import { checkCookies, checkToken, type Authenticated } from "./credentials.js";
import type { Engine } from "./engine.js";
import { once, peekState, stateOf } from "./request-state.js";
import type { CurrentUser, UserRecord } from "./types.js";
import { isAnonymousUser, isAuthenticatedUser, toAuthenticatedUser } from "./user.js";

/** Makes a credential's user the request's current user. */
export function adopt(request: Request, found: Authenticated): CurrentUser {
	const state = stateOf(request);
	state.user = found.user;
	state.source = found.source;
	state.claims = found.claims;
	return found.user;
}

/**
 * The request's user: the session cookie, then the remember cookie, then a request token; else the
 * anonymous user. Memoised per Request (the same object on every call). Store failures throw
 * `StoreError` (guards turn them into 503).
 */
export async function loadCurrentUser(engine: Engine, request: Request): Promise<CurrentUser> {
	const state = stateOf(request);
	if (state.user) return state.user;
	return once(request, "current", async () => {
		const found = (await checkCookies(engine, request)) ?? (await checkToken(engine, request));
		if (state.user) return state.user;
		if (found) return adopt(request, found);
		state.user = engine.options.anonymousUser;
		return state.user;
	});
}

/** The user already loaded for this request, else the anonymous user. Synchronous. */
export function peekCurrentUser(engine: Engine, request: Request): CurrentUser {
	return peekState(request)?.user ?? engine.options.anonymousUser;
}

/** Replaces the request's user (anonymous when absent). A bare store record is wrapped. */
export function replaceCurrentUser(engine: Engine, request: Request, user?: CurrentUser | UserRecord | null): void {
	const state = stateOf(request);
	if (!user || isAnonymousUser(user)) {
		state.user = user ?? engine.options.anonymousUser;
		state.source = null;
		state.claims = null;
		return;
	}
	state.user = isAuthenticatedUser(user) ? user : toAuthenticatedUser(user as UserRecord);
}
