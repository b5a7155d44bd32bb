import type { Guarded } from "./guards/guards.js";
import type { FailureHandler, TemplateRender } from "./options/types.js";
import type { IdentityEndpoint } from "./routes/url.js";
import type { LoginOptions } from "./session/login.js";
import type { IdentityStore } from "./store.js";
import type { AuthMethod, AuthSource, CurrentUser, Handler, RoleRequirement, UserRecord } from "./types.js";

export type { Guarded, LoginOptions, IdentityEndpoint };

/** How a request's user was authenticated (see `currentAuthentication`). */
export interface Authentication {
	method: AuthSource | null;
	fresh: boolean;
	authenticatedAt: Date | null;
	expiresAt: Date | null;
}

/**
 * What `createIdentity` returns: a plain object of functions; destructure what you need. Guards keep
 * the wrapped handler's signature, so they fit `Bun.serve`, `Deno.serve`, Next.js route handlers
 * `(request, context)` and workers `(request, env, ctx)` unchanged.
 */
export interface Identity {
	/** The store the identity was created with (Flask-Identity's `datastore`). */
	readonly store: IdentityStore;

	/**
	 * The request's user: the session cookie, then the remember cookie, then a request token
	 * (`Authorization: Bearer`, the token header, the query parameter when configured); else the
	 * anonymous user. Memoised per Request: every call returns the same object. A failing store
	 * throws `StoreError` (`ERR_STORE`); the guards answer it with 503.
	 */
	getCurrentUser(request: Request): Promise<CurrentUser>;
	/**
	 * The user already loaded for this request (inside a guarded handler), else the anonymous user.
	 * Synchronous: Flask-Identity's `current_user`.
	 */
	currentUser(request: Request): CurrentUser;
	/**
	 * How the request's current user was authenticated, once loaded: `method` (`"session"`,
	 * `"remember"` for a session restored from the remember cookie, `"token"`, `"basic"`, or null),
	 * whether the login is fresh for `freshLoginRequired` (default age), when the password was
	 * entered, and when the credential expires. Synchronous, like `currentUser`.
	 */
	currentAuthentication(request: Request): Authentication;
	/** Replaces the request's current user (the anonymous user when absent). A bare store record is wrapped. */
	updateRequestContextWithUser(request: Request, user?: CurrentUser | UserRecord | null): void;

	/**
	 * Loads the user and requires nothing: inside, `currentUser(request)` is the user or the anonymous user.
	 * @example
	 * export const GET = withIdentity((request) => new Response(currentUser(request).isAuthenticated ? "hi" : "who?"));
	 */
	withIdentity<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>): Guarded<R, A, T>;
	/**
	 * Requires any authenticated user. Anonymous API callers get 401 JSON with `WWW-Authenticate`;
	 * browser navigations are redirected to the login route with `next`.
	 * @example
	 * const dashboard = loginRequired((request) => new Response(`Hello ${currentUser(request).username}`));
	 */
	loginRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>): Guarded<R, A, T>;
	/**
	 * Requires a fresh login: a password entered within `maxAgeSeconds` (default
	 * `freshness.maxAgeSeconds`), not a session restored from the remember cookie. Stale sessions
	 * get 401 `{"error":"reauthentication_required"}` (API) or a redirect to the `verify` route.
	 * @example
	 * const settings = freshLoginRequired(showSettings, { maxAgeSeconds: 600 });
	 */
	freshLoginRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, options?: { maxAgeSeconds?: number }): Guarded<R, A, T>;
	/**
	 * Requires authentication by one of `methods` (`"token"`, `"session"`, `"basic"`), tried in that
	 * order; none given means the `authMethods` option. A user signed in another way gets 401, never
	 * a redirect to the login form.
	 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an unknown method, or `"basic"` when it is not enabled.
	 * @example
	 * const api = authRequired(() => Response.json({ ok: true }), "token");
	 */
	authRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...methods: AuthMethod[]): Guarded<R, A, T>;
	/**
	 * Requires every requirement: a role name, or an array of names of which any one suffices.
	 * A signed-in user without them gets 403.
	 * @example
	 * const admin = rolesRequired(adminPage, "admin", ["editor", "writer"]); // admin AND (editor OR writer)
	 */
	rolesRequired<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...requirements: RoleRequirement[]): Guarded<R, A, T>;
	/**
	 * Requires at least one of the roles.
	 * @throws IdentityError `ERR_INVALID_ARGUMENT` when no role is given.
	 * @example
	 * const edit = rolesAccepted(editPage, "editor", "writer");
	 */
	rolesAccepted<R extends Request, A extends unknown[], T extends Response | Promise<Response>>(handler: Handler<R, A, T>, ...roles: string[]): Guarded<R, A, T>;
	/**
	 * Writes the cookie changes queued for `request` (by `loginUser`, `logoutUser`, a session refresh)
	 * to `response`, for code that is not wrapped by a guard. Copies the response when its headers
	 * are immutable.
	 */
	applyCookies(request: Request, response: Response): Response;

	/** The guards' answer for an unauthenticated request: 401 JSON, or a redirect to the login route. */
	unauthenticated(request: Request): Promise<Response>;
	/** The guards' answer for a forbidden request: 403 JSON or page, or a redirect to the unauthorized view. */
	unauthorized(request: Request): Promise<Response>;
	/** Replaces the guards' unauthenticated answer (also for stale sessions: see `failure.reason`). */
	unauthenticatedHandler(fn: FailureHandler): void;
	/** Replaces the guards' forbidden answer. */
	unauthorizedHandler(fn: FailureHandler): void;
	/** Replaces the HTML views of the default routes (`"login"`, `"verify"`, `"message"`). */
	templateRender(fn: TemplateRender): void;

	/**
	 * Logs `user` in on this request's response: the session cookie, and with `remember` the remember
	 * cookie. False, and nothing set, for an inactive user. In single-session mode (the default) the
	 * user's uniquifier is rotated, which ends every other session, remember cookie and token.
	 */
	loginUser(request: Request, user: UserRecord | CurrentUser, options?: LoginOptions): Promise<boolean>;
	/**
	 * Logs the request's user out: clears the session and remember cookies and, in single-session
	 * mode, rotates the uniquifier so copies of old cookies and tokens stop working.
	 */
	logoutUser(request: Request): Promise<void>;
	/**
	 * A signed bearer token bound to the user's uniquifier, expiring after `token.maxAgeSeconds`.
	 * With `fresh`, `freshLoginRequired` accepts it (the login route mints such tokens).
	 */
	getAuthToken(user: UserRecord | CurrentUser, options?: { fresh?: boolean }): Promise<string>;
	/** The JSON-safe view of a user: id, identity field, roles (or the `securityPayload` option). Never the hash or the uniquifier. */
	getSecurityPayload(user: UserRecord | CurrentUser): Record<string, unknown>;
	/** Flask-Identity's rule: every requirement holds; an array is a group of which any one suffices. */
	hasRoles(user: CurrentUser | UserRecord | null | undefined, ...requirements: RoleRequirement[]): boolean;

	/** A new hash with the configured hasher and pepper. @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty or over-long password. */
	hashPassword(password: string): Promise<string>;
	/** Whether `password` matches `hash` in any supported format, with the configured pepper and legacy salt. */
	verifyPassword(password: string, hash: string): Promise<boolean>;
	/**
	 * Sets a new password: checks the password policy (`password.minLength`, `password.check`),
	 * stores a new hash and rotates the uniquifier, so every session, remember cookie and token of
	 * the user ends.
	 * @throws IdentityError `ERR_WEAK_PASSWORD` with the policy's message when the password is refused.
	 */
	changePassword(user: UserRecord | CurrentUser, newPassword: string): Promise<void>;
	/** Ends every session, remember cookie and bearer token of the user (rotates the uniquifier). */
	resetUserAccess(user: UserRecord | CurrentUser): Promise<void>;

	/** A CSRF token for forms posting cookie-authenticated requests (bound to the current login). */
	getCsrfToken(request: Request): Promise<string>;

	/** Serves the default routes under `routes.basePath` (`login`, `logout`, `verify`); other paths get 404. */
	handle(request: Request): Promise<Response>;
	/** The relative URL of a default route: `urlForIdentity("login", { next: "/admin" })`. */
	urlForIdentity(endpoint: IdentityEndpoint, values?: Record<string, string>): string;
}
