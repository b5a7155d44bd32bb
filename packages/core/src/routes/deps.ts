import type { AuthenticateResult } from "../authenticate.js";
import type { IdentityEvents } from "../events.js";
import type { TemplateRender } from "../options.js";
import type { RateLimiter } from "../rate-limit.js";
import type { IdentityStore } from "../store.js";
import type { CurrentUser, UserRecord } from "../types.js";

export type { AuthenticateResult };

/** The resolved options the routes read. */
export interface RouteOptions {
	/** The login field name (`username`, `email`, ...). */
	identityField: string;
	/** Where the routes live, without a trailing slash (`/identity`). */
	basePath: string;
	/** Redirect target after a form login when `next` is absent or unsafe. */
	postLogin: string;
	/** Redirect target after a form logout. */
	postLogout: string;
	/** The limiter settings, or false to turn it off. */
	rateLimit: false | { maxPerIdentity: number; maxPerAddress: number; windowSeconds: number; storage?: "store" | "memory" };
}

/** Which origin an unsafe request comes from, by `Sec-Fetch-Site`, then `Origin`. */
export type RequestOrigin = "same" | "cross" | "absent";

/**
 * What the default routes need from the engine. `createIdentity` builds it once and hands it to
 * `createRoutes`; everything else about the engine stays hidden from the routes.
 */
export interface RouteDeps {
	options: RouteOptions;
	store: IdentityStore;
	/** The identity's login rate limiter (shared with HTTP Basic), or null when it is off. */
	limiter: RateLimiter | null;
	getCurrentUser(request: Request): Promise<CurrentUser>;
	/**
	 * Looks the user up and verifies the password, doing the same hashing work for unknown users,
	 * and upgrades an outdated hash on success.
	 */
	authenticate(identity: string, password: string): Promise<AuthenticateResult>;
	loginUser(request: Request, user: UserRecord, options: { remember: boolean }): Promise<boolean>;
	logoutUser(request: Request): Promise<void>;
	getAuthToken(user: UserRecord): Promise<string>;
	getSecurityPayload(user: UserRecord): Record<string, unknown>;
	/** A CSRF token bound to the request's session (it may queue a cookie that `applyCookies` writes). */
	issueCsrfToken(request: Request): Promise<string>;
	verifyCsrfToken(request: Request, token: string): Promise<boolean>;
	/** `Sec-Fetch-Site` first (`same-origin`/`none` are same), then `Origin` against the request's and trusted origins. */
	checkOrigin(request: Request): RequestOrigin;
	/** Whether the request carries any of our cookies (session, remember, CSRF). */
	hasIdentityCookies(request: Request): boolean;
	/** Writes the cookie changes queued for `request` onto `response`. */
	applyCookies(request: Request, response: Response): Response;
	/** The registered `templateRender`, read at each request (it may be registered after creation). */
	templateRender(): TemplateRender | null;
	/** Calls an event hook; never throws. */
	emit<K extends keyof IdentityEvents>(name: K, event: Parameters<NonNullable<IdentityEvents[K]>>[0]): void;
	/** The client address (`getClientAddress` option), or null when unknown. */
	clientAddress(request: Request): string | null;
}
