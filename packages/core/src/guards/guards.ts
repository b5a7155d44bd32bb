import { IdentityError, isUnavailableError } from "../errors.js";
import type { FailureResponder } from "../http/failures.js";
import type { QuickCredentialReaders } from "../session/quick-credentials.js";
import type { Authenticated } from "../session/credentials.js";
import type { QuickUser, UserLoader } from "../session/current-user.js";
import { SAFE_METHODS, type Csrf } from "../session/csrf.js";
import { applyCookies, currentClaims, currentSource } from "../session/state.js";
import { nowSeconds } from "../token/claims.js";
import type { AuthMethod, Handler, RoleRequirement } from "../types.js";
import { hasRoles } from "../user.js";
import type { GuardRefusals } from "./refusals.js";

/**
 * A guarded handler keeps the wrapped handler's signature. An async handler's guard returns a
 * Promise; a synchronous handler's guard returns `Response | Promise<Response>`: a safe request that
 * passes on the caches alone gets its Response synchronously (servers such as @hono/node-server and
 * Bun then write it without a promise turn), everything else a promise. Always `await` it.
 */
export type Guarded<R extends Request, A extends unknown[], T extends Response | Promise<Response> = Response | Promise<Response>> = (
	request: R,
	...rest: A
) => [T] extends [Promise<Response>] ? Promise<Response> : Response | Promise<Response>;

/** What a guard's check decided. */
export type Verdict = "ok" | "unauthenticated" | "wrong_credential" | "reauthentication_required" | "forbidden";

type Check = (request: Request) => Promise<Verdict>;

/**
 * A check's quick side: true when the request certainly passes (on the caches alone), false when
 * only the full check can tell (which then runs from the start), or a promise of either after one
 * user lookup. The promise rejects when the store fails.
 */
type QuickCheck = (request: Request) => boolean | Promise<boolean>;

const METHOD_ORDER: readonly AuthMethod[] = ["token", "session", "basic"];

/** What the guards need: how to find the user, the CSRF rule, and how to refuse. */
export interface GuardDeps {
	loader: UserLoader;
	readers: Record<AuthMethod, (request: Request) => Promise<Authenticated | null>>;
	/** The readers' quick side (an already verified credential, at most one user lookup). */
	quickReaders: QuickCredentialReaders;
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
	const { loader, csrf, refusals, failure, quickReaders } = deps;

	/**
	 * Runs `check`; only an "ok" request reaches the handler. Exempt methods are answered without the
	 * handler. A cookie- or Basic-authenticated unsafe request must also pass the CSRF rule (a
	 * browser sends both on its own). A failing store is a 503, never a 200 or a 500.
	 */
	function guard<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, check: Check, quickCheck: QuickCheck | null, basic = false): Guarded<R, A, T> {
		if (typeof handler !== "function") throw new IdentityError("ERR_INVALID_ARGUMENT", "A guard needs a handler function");
		/** A failing store (or hasher) is a 503; any other error propagates. */
		const unavailable = async (request: R, error: unknown): Promise<Response> => {
			if (isUnavailableError(error)) return applyCookies(request, await failure(request, "unavailable"));
			throw error;
		};
		const full = async function guarded(request: R, ...rest: A): Promise<Response> {
			if (deps.exemptMethods.has(request.method)) return deps.exemptResponse(request);
			let verdict: Verdict;
			try {
				verdict = await check(request);
				if (verdict === "ok" && !SAFE_METHODS.has(request.method)) {
					const source = currentSource(request);
					if (source === "session" || source === "remember" || source === "basic") {
						const csrfVerdict = await csrf.verdict(request, { carriesCookies: source !== "basic" });
						if (csrfVerdict !== "ok") {
							return applyCookies(request, await failure(request, csrfVerdict === "cross_origin" ? "csrf_failed" : "csrf_token_invalid"));
						}
					}
				}
			} catch (error) {
				return unavailable(request, error);
			}
			if (verdict !== "ok") return applyCookies(request, await refusals.refuse(request, verdict, { basic }));
			return applyCookies(request, await handler(request, ...rest));
		};
		if (!quickCheck) return full as Guarded<R, A, T>;
		// The quick path: a safe request whose credential was verified before passes after at most one
		// user lookup (none when the user cache holds the user: then without a promise of its own), and
		// no CSRF rule applies to safe methods. Anything else, and any refusal, takes the full path.
		const run = (request: R, rest: A): Response | Promise<Response> => {
			let response: Response | Promise<Response>;
			try {
				response = handler(request, ...rest);
			} catch (error) {
				// A throwing handler rejects, as it does behind the full path.
				return Promise.reject(error);
			}
			if (response instanceof Response) return applyCookies(request, response);
			return Promise.resolve(response).then((value) => applyCookies(request, value));
		};
		const quick = function guarded(request: R, ...rest: A): Response | Promise<Response> {
			if (!SAFE_METHODS.has(request.method) || deps.exemptMethods.has(request.method)) return full(request, ...rest);
			let passed: boolean | Promise<boolean>;
			try {
				passed = quickCheck(request);
			} catch (error) {
				return unavailable(request, error);
			}
			if (passed === true) return run(request, rest);
			if (passed === false) return full(request, ...rest);
			return passed.then(
				(ok) => (ok ? run(request, rest) : full(request, ...rest)),
				(error: unknown) => unavailable(request, error)
			);
		};
		// A synchronous Response only ever comes from a synchronous handler, as Guarded<R, A, T> says.
		return quick as Guarded<R, A, T>;
	}

	/**
	 * A rule on the authenticated user. On the quick path it may be given the cached record the user
	 * is made from instead of the user (see QuickUser): rules read only its roles, and the request.
	 */
	type Rule = (user: QuickUser, request: Request) => Verdict;

	/** A check on the loaded user: anonymous is "unauthenticated", otherwise `rule` decides. */
	const authenticated =
		(rule: Rule): Check =>
		async (request) => {
			const user = await loader.load(request);
			return user.isAuthenticated ? rule(user, request) : "unauthenticated";
		};
	const quickAuthenticated =
		(rule: Rule): QuickCheck =>
		(request) => {
			const user = loader.loadQuick(request);
			if (user === undefined) return false;
			if (user instanceof Promise) return user.then((loaded) => loaded !== undefined && rule(loaded, request) === "ok");
			return rule(user, request) === "ok";
		};
	/** `guard` for a rule on the loaded user, with its quick path. */
	const onUser = <R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, rule: Rule): Guarded<R, A, T> =>
		guard(handler, authenticated(rule), quickAuthenticated(rule));

	const isFresh = (request: Request, maxAgeSeconds: number): boolean => {
		if (currentSource(request) === "basic") return true;
		const claims = currentClaims(request);
		return claims?.fr === 1 && claims.at !== undefined && nowSeconds() - claims.at <= maxAgeSeconds;
	};

	return {
		withIdentity<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>): Guarded<R, A, T> {
			return guard(
				handler,
				async (request) => {
					await loader.load(request);
					return "ok";
				},
				null
			);
		},
		loginRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>): Guarded<R, A, T> {
			return onUser(handler, () => "ok");
		},
		freshLoginRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, options: { maxAgeSeconds?: number } = {}): Guarded<R, A, T> {
			const maxAge = options.maxAgeSeconds ?? deps.freshnessMaxAgeSeconds;
			if (typeof maxAge !== "number" || !Number.isFinite(maxAge) || maxAge < 0) {
				throw new IdentityError("ERR_INVALID_ARGUMENT", "freshLoginRequired: maxAgeSeconds must be a number >= 0");
			}
			return onUser(handler, (_, request) => (isFresh(request, maxAge) ? "ok" : "reauthentication_required"));
		},
		authRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...methods: AuthMethod[]): Guarded<R, A, T> {
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
						const read = quickReaders[method](request);
						if (read === null) continue;
						const user = loader.adoptQuick(request, read);
						return user instanceof Promise ? user.then((adopted) => adopted !== undefined) : user !== undefined;
					}
					return false;
				},
				order.includes("basic")
			);
		},
		rolesRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...requirements: RoleRequirement[]): Guarded<R, A, T> {
			return onUser(handler, (user) => (hasRoles(user, ...requirements) ? "ok" : "forbidden"));
		},
		rolesAccepted<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...roles: string[]): Guarded<R, A, T> {
			if (roles.length === 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "rolesAccepted needs at least one role");
			return onUser(handler, (user) => (hasRoles(user, roles) ? "ok" : "forbidden"));
		}
	};
}

/** The guard functions of an identity. */
export type Guards = ReturnType<typeof createGuards>;
