import { IdentityError, isUnavailableError } from "../errors.js";
import type { FailureResponder } from "../http/failures.js";
import type { CachedCredentialReaders } from "../session/cached-credentials.js";
import type { Authenticated } from "../session/credentials.js";
import type { UserLoader } from "../session/current-user.js";
import { SAFE_METHODS, type Csrf } from "../session/csrf.js";
import { applyCookies, readCurrent } from "../session/state.js";
import { nowSeconds } from "../token/claims.js";
import type { AuthMethod, CurrentUser, Handler, RoleRequirement } from "../types.js";
import { hasRoles } from "../user.js";
import type { GuardRefusals } from "./refusals.js";

/** A guarded handler keeps the wrapped handler's signature. */
export type Guarded<R extends Request, A extends unknown[]> = (request: R, ...rest: A) => Promise<Response>;

/** What a guard's check decided. */
export type Verdict = "ok" | "unauthenticated" | "wrong_credential" | "reauthentication_required" | "forbidden";

type Check = (request: Request) => Promise<Verdict>;

/**
 * A check's synchronous side, on caches alone: true when the request certainly passes, false when
 * only the full check can tell (which then runs from the start).
 */
type CachedCheck = (request: Request) => boolean;

const METHOD_ORDER: readonly AuthMethod[] = ["token", "session", "basic"];

/** What the guards need: how to find the user, the CSRF rule, and how to refuse. */
export interface GuardDeps {
	loader: UserLoader;
	readers: Record<AuthMethod, (request: Request) => Promise<Authenticated | null>>;
	/** The readers' synchronous side (cache hits only). */
	cachedReaders: CachedCredentialReaders;
	csrf: Csrf;
	refusals: GuardRefusals;
	failure: FailureResponder;
	exemptMethods: ReadonlySet<string>;
	exemptResponse: (request: Request) => Response | Promise<Response>;
	/** What `authRequired()` with no methods tries (the `authMethods` option). */
	defaultMethods: readonly AuthMethod[];
	freshnessMaxAgeSeconds: number;
}

/** The guards of one identity: higher-order fetch handlers that keep the handler's signature. */
export function createGuards(deps: GuardDeps) {
	const { loader, csrf, refusals, failure } = deps;

	/**
	 * Runs `check`; only an "ok" request reaches the handler. Exempt methods are answered without the
	 * handler. A cookie- or Basic-authenticated unsafe request must also pass the CSRF rule (a
	 * browser sends both on its own). A failing store is a 503, never a 200 or a 500.
	 */
	function guard<R extends Request, A extends unknown[]>(handler: Handler<R, A>, check: Check, cachedCheck: CachedCheck | null, basic = false): Guarded<R, A> {
		if (typeof handler !== "function") throw new IdentityError("ERR_INVALID_ARGUMENT", "A guard needs a handler function");
		const full = async function guarded(request: R, ...rest: A): Promise<Response> {
			if (deps.exemptMethods.has(request.method)) return deps.exemptResponse(request);
			let verdict: Verdict;
			try {
				verdict = await check(request);
				if (verdict === "ok" && !SAFE_METHODS.has(request.method)) {
					const source = readCurrent(request)?.source;
					if (source === "session" || source === "remember" || source === "basic") {
						const csrfVerdict = await csrf.verdict(request, { carriesCookies: source !== "basic" });
						if (csrfVerdict !== "ok") {
							return applyCookies(request, await failure(request, csrfVerdict === "cross_origin" ? "csrf_failed" : "csrf_token_invalid"));
						}
					}
				}
			} catch (error) {
				if (isUnavailableError(error)) return applyCookies(request, await failure(request, "unavailable"));
				throw error;
			}
			if (verdict !== "ok") return applyCookies(request, await refusals.refuse(request, verdict, { basic }));
			return applyCookies(request, await handler(request, ...rest));
		};
		if (!cachedCheck) return full;
		// The cached path: a safe request whose credential and user are both cached passes without a
		// promise of its own or a store call (no CSRF rule applies to safe methods). Anything else,
		// and any refusal, takes the full path above.
		return function guarded(request: R, ...rest: A): Promise<Response> {
			if (!SAFE_METHODS.has(request.method) || deps.exemptMethods.has(request.method) || !cachedCheck(request)) return full(request, ...rest);
			try {
				const response = handler(request, ...rest);
				if (response instanceof Response) return Promise.resolve(applyCookies(request, response));
				return Promise.resolve(response).then((value) => applyCookies(request, value));
			} catch (error) {
				return Promise.reject(error);
			}
		};
	}

	/** A check on the loaded user: anonymous is "unauthenticated", otherwise `rule` decides. */
	const authenticated =
		(rule: (user: CurrentUser, request: Request) => Verdict): Check =>
		async (request) => {
			const user = await loader.load(request);
			return user.isAuthenticated ? rule(user, request) : "unauthenticated";
		};
	const cachedAuthenticated =
		(rule: (user: CurrentUser, request: Request) => Verdict): CachedCheck =>
		(request) => {
			const user = loader.loadCached(request);
			return user !== undefined && rule(user, request) === "ok";
		};
	/** `guard` for a rule on the loaded user, with its cached path. */
	const onUser = <R extends Request, A extends unknown[]>(handler: Handler<R, A>, rule: (user: CurrentUser, request: Request) => Verdict): Guarded<R, A> =>
		guard(handler, authenticated(rule), cachedAuthenticated(rule));

	const isFresh = (request: Request, maxAgeSeconds: number): boolean => {
		const current = readCurrent(request);
		if (current?.source === "basic") return true;
		const claims = current?.claims;
		return claims?.fr === 1 && claims.at !== undefined && nowSeconds() - claims.at <= maxAgeSeconds;
	};

	return {
		withIdentity<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A> {
			return guard(
				handler,
				async (request) => {
					await loader.load(request);
					return "ok";
				},
				null
			);
		},
		loginRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A> {
			return onUser(handler, () => "ok");
		},
		freshLoginRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, options: { maxAgeSeconds?: number } = {}): Guarded<R, A> {
			const maxAge = options.maxAgeSeconds ?? deps.freshnessMaxAgeSeconds;
			if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
				throw new IdentityError("ERR_INVALID_ARGUMENT", "freshLoginRequired: maxAgeSeconds must be a number >= 0");
			}
			return onUser(handler, (_, request) => (isFresh(request, maxAge) ? "ok" : "reauthentication_required"));
		},
		authRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...methods: AuthMethod[]): Guarded<R, A> {
			for (const method of methods) {
				if (!METHOD_ORDER.includes(method)) throw new IdentityError("ERR_INVALID_ARGUMENT", `authRequired: unknown method "${String(method)}"`);
				if (method === "basic" && !deps.defaultMethods.includes("basic")) {
					throw new IdentityError("ERR_INVALID_ARGUMENT", 'authRequired: "basic" is off; enable it with the authMethods option');
				}
			}
			const wanted = methods.length > 0 ? methods : deps.defaultMethods;
			const order = METHOD_ORDER.filter((method) => wanted.includes(method));
			return guard(
				handler,
				async (request) => {
					for (const method of order) {
						const found = await deps.readers[method](request);
						if (found) {
							loader.adopt(request, found);
							return "ok";
						}
					}
					// Signed in some other way (a session cookie on a token-only API): logging in again
					// would not help, so no redirect to the login form.
					return (await loader.load(request)).isAuthenticated ? "wrong_credential" : "unauthenticated";
				},
				(request) => {
					// The same order; a method whose credential is absent (null) lets the next one try.
					for (const method of order) {
						const found = deps.cachedReaders[method](request);
						if (found === undefined) return false;
						if (found) {
							loader.adopt(request, found);
							return true;
						}
					}
					return false;
				},
				order.includes("basic")
			);
		},
		rolesRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...requirements: RoleRequirement[]): Guarded<R, A> {
			return onUser(handler, (user) => (hasRoles(user, ...requirements) ? "ok" : "forbidden"));
		},
		rolesAccepted<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...roles: string[]): Guarded<R, A> {
			if (roles.length === 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "rolesAccepted needs at least one role");
			return onUser(handler, (user) => (hasRoles(user, roles) ? "ok" : "forbidden"));
		}
	};
}

/** The guard functions of an identity. */
export type Guards = ReturnType<typeof createGuards>;
