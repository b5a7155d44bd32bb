import type { FailureHandler, TemplateRender } from "./options.js";
import type { IdentityStore } from "./store.js";
import type { AuthMethod, CurrentUser, Handler, RoleRequirement, UserRecord } from "./types.js";

/** Options of `loginUser`. */
export interface LoginOptions {
	/** The new uniquifier. Default: a fresh random one (single-session mode), or the current one. */
	uniquifier?: string;
	/** Also set the remember cookie. Default false. */
	remember?: boolean;
	/** Lifetime of the remember cookie. Default `remember.maxAgeSeconds`. */
	durationSeconds?: number;
	/** Mark the session fresh (a real login). Default true. */
	fresh?: boolean;
}

/** A guarded handler keeps the wrapped handler's signature. */
export type Guarded<R extends Request, A extends unknown[]> = (request: R, ...rest: A) => Promise<Response>;

/** What `createIdentity` returns: a plain object of functions; destructure what you need. */
export interface Identity {
	/** The store (the seed's `datastore`). */
	readonly store: IdentityStore;

	getCurrentUser(request: Request): Promise<CurrentUser>;
	currentUser(request: Request): CurrentUser;
	updateRequestContextWithUser(request: Request, user?: CurrentUser | UserRecord | null): void;

	withIdentity<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A>;
	loginRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A>;
	freshLoginRequired<R extends Request, A extends unknown[]>(
		handler: Handler<R, A>,
		options?: { maxAgeSeconds?: number }
	): Guarded<R, A>;
	authRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...methods: AuthMethod[]): Guarded<R, A>;
	rolesRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...requirements: RoleRequirement[]): Guarded<R, A>;
	rolesAccepted<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...roles: string[]): Guarded<R, A>;
	applyCookies(request: Request, response: Response): Response;

	unauthenticated(request: Request): Promise<Response>;
	unauthorized(request: Request): Promise<Response>;
	unauthenticatedHandler(fn: FailureHandler): void;
	unauthorizedHandler(fn: FailureHandler): void;
	templateRender(fn: TemplateRender): void;

	loginUser(request: Request, user: UserRecord | CurrentUser, options?: LoginOptions): Promise<boolean>;
	logoutUser(request: Request): Promise<void>;
	/** With `fresh`, `freshLoginRequired` accepts the token (the login route mints such tokens). */
	getAuthToken(user: UserRecord | CurrentUser, options?: { fresh?: boolean }): Promise<string>;
	getSecurityPayload(user: UserRecord | CurrentUser): Record<string, unknown>;
	hasRoles(user: CurrentUser | UserRecord | null | undefined, ...requirements: RoleRequirement[]): boolean;

	/** Hash with the configured hasher and pepper. */
	hashPassword(password: string): Promise<string>;
	/** Verify against any supported format, with the configured pepper and legacy salt. */
	verifyPassword(password: string, hash: string): Promise<boolean>;

	/** A CSRF token for forms posting cookie-authenticated requests (bound to the current login). */
	getCsrfToken(request: Request): Promise<string>;

	/** Serves the default routes under `routes.basePath`; other paths get 404. */
	handle(request: Request): Promise<Response>;
	/** A relative URL of a default route: `urlForIdentity("login", { next: "/admin" })`. */
	urlForIdentity(endpoint: "login" | "logout", values?: Record<string, string>): string;
}
