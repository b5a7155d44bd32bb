import type { TokenClaims } from "./token/claims.js";
import type { AuthSource, CurrentUser } from "./types.js";

/** What one Request has learnt about its user, and the cookie changes its response must carry. */
export interface RequestState {
	user: CurrentUser | null;
	source: AuthSource | null;
	claims: TokenClaims | null;
	/** In-flight or finished credential checks, so each runs once per request. */
	checks: Map<string, Promise<unknown>>;
	/** Set-Cookie values by cookie name; the last change of a cookie wins. */
	cookies: Map<string, string>;
}

const states = new WeakMap<Request, RequestState>();

/** The state of a request, created on first use. Keyed by the Request object: never a global user. */
export function stateOf(request: Request): RequestState {
	let state = states.get(request);
	if (!state) {
		state = { user: null, source: null, claims: null, checks: new Map(), cookies: new Map() };
		states.set(request, state);
	}
	return state;
}

/** The state if the request has one; does not create it. */
export function peekState(request: Request): RequestState | undefined {
	return states.get(request);
}

/** Runs `check` once per request and key; later calls share its promise. */
export function once<T>(request: Request, key: string, check: () => Promise<T>): Promise<T> {
	const checks = stateOf(request).checks;
	let pending = checks.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = check();
		checks.set(key, pending);
	}
	return pending;
}
