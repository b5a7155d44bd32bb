import type { TokenClaims } from "../token/claims.js";
import type { AuthSource, CurrentUser } from "../types.js";
import { userFrom, type UserSource } from "../user.js";

/**
 * What one Request has learnt about its user, and the cookie changes its response must carry.
 * This module is its only writer; everything else reads through the functions below.
 */
interface RequestState {
	/** The current user once loaded (or set by a login); null while unknown or not yet made. */
	user: CurrentUser | null;
	/**
	 * What a guard's quick path authenticated the request with (the user cache's template, or the
	 * record one store lookup returned), until someone reads the user: the user object is made from
	 * it on the first read (see readCurrent), so a handler that never asks for the user does not pay
	 * for one.
	 */
	pending: UserSource | null;
	/** How the user was authenticated; null for the anonymous user or a user set by the application. */
	source: AuthSource | null;
	/** The claims of the credential that authenticated the user (login time, freshness, session id). */
	claims: TokenClaims | null;
	/** In-flight or finished per-request work (credential checks), so each runs once. */
	memo: Map<string, Promise<unknown>> | null;
	/** Set-Cookie values by cookie name: the last change of a cookie wins. */
	cookies: Map<string, string> | null;
}

/**
 * Each request's state lives on the request itself, under a module-private symbol: a WeakMap
 * entry per request costs more than the rest of a cached guarded request (its ephemeron is traced
 * by every garbage collection). `owner` makes the state count only for the object it was made for
 * (not a copy made by spreading the request, nor an object inheriting from it). A request that
 * takes no new properties (frozen, sealed) falls back to a WeakMap.
 */
const STATE = Symbol("identity.request-state");
type Carrier = Request & { [STATE]?: RequestState & { owner: Request } };
const unextensible = new WeakMap<Request, RequestState>();
let usedUnextensible = false;

function existingState(request: Request): RequestState | undefined {
	const state = (request as Carrier)[STATE];
	if (state?.owner === request) return state;
	return usedUnextensible ? unextensible.get(request) : undefined;
}

function stateOf(request: Request): RequestState {
	let state = existingState(request);
	if (!state) {
		const created = { owner: request, user: null, pending: null, source: null, claims: null, memo: null, cookies: null };
		if (Object.isExtensible(request)) {
			(request as Carrier)[STATE] = created;
		} else {
			usedUnextensible = true;
			unextensible.set(request, created);
		}
		state = created;
	}
	return state;
}

/** The request's current user, how it was authenticated and its credential's claims. */
export interface Current {
	user: CurrentUser;
	source: AuthSource | null;
	claims: TokenClaims | null;
}

/**
 * The current user of a request when already known (loaded, logged in, or set), else null. A user
 * known only by what it is made from (setPendingCurrent) is made now, once: every later read
 * returns the same object.
 */
export function readCurrent(request: Request): Current | null {
	const state = existingState(request);
	if (!state) return null;
	if (state.pending) {
		state.user = userFrom(state.pending);
		state.pending = null;
	}
	return state.user ? { user: state.user, source: state.source, claims: state.claims } : null;
}

/** How the request's known user was authenticated, without making the user (null when unknown). */
export function currentSource(request: Request): AuthSource | null {
	return existingState(request)?.source ?? null;
}

/** The claims of the credential that authenticated the request's known user, without making the user. */
export function currentClaims(request: Request): TokenClaims | null {
	return existingState(request)?.claims ?? null;
}

/** Makes `current` the request's user: after a credential check, a login, or a replacement. */
export function setCurrent(request: Request, current: Current): CurrentUser {
	const state = stateOf(request);
	state.user = current.user;
	state.pending = null;
	state.source = current.source;
	state.claims = current.claims;
	return current.user;
}

/**
 * Makes the user of a cached template, or of a live store record, the request's user without
 * making the user object yet (the guards' quick path); {@link readCurrent} makes it on the first read.
 */
export function setPendingCurrent(request: Request, from: UserSource, source: AuthSource, claims: TokenClaims): void {
	const state = stateOf(request);
	state.user = null;
	state.pending = from;
	state.source = source;
	state.claims = claims;
}

/** Runs `work` once per request and key; later calls share its promise. */
export function memoPerRequest<T>(request: Request, key: string, work: () => Promise<T>): Promise<T> {
	const state = stateOf(request);
	state.memo ??= new Map();
	let pending = state.memo.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = work();
		state.memo.set(key, pending);
	}
	return pending;
}

/** Queues a Set-Cookie header for the request's response; a later change of the same cookie replaces it. */
export function queueSetCookie(request: Request, name: string, header: string): void {
	const state = stateOf(request);
	(state.cookies ??= new Map()).set(name, header);
}

/** Whether a Set-Cookie for `name` is queued (a login or logout already decided that cookie). */
export function hasQueuedCookie(request: Request, name: string): boolean {
	return existingState(request)?.cookies?.has(name) ?? false;
}

/** Takes the queued Set-Cookie headers (each is written once). */
export function takeSetCookies(request: Request): string[] {
	const cookies = existingState(request)?.cookies;
	if (!cookies || cookies.size === 0) return [];
	const values = [...cookies.values()];
	cookies.clear();
	return values;
}

/**
 * Writes the cookie changes queued for `request` (login, logout, session refresh) to `response` as
 * Set-Cookie headers, copying the response when its headers are immutable (`Response.redirect`,
 * `fetch` results). Returns `response` itself when nothing is queued.
 */
export function applyCookies(request: Request, response: Response): Response {
	// The common case (nothing queued) allocates nothing: it runs on every guarded response.
	if (!existingState(request)?.cookies?.size) return response;
	const values = takeSetCookies(request);
	try {
		for (const value of values) response.headers.append("set-cookie", value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const value of values) copy.headers.append("set-cookie", value);
		return copy;
	}
}
