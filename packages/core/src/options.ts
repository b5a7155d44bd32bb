import type { IdentityEvents } from "./events.js";
import type { PasswordHasher } from "./password/hasher.js";
import type { IdentityStore } from "./store.js";
import type { AnonymousUser, AuthMethod, CurrentUser, UserRecord } from "./types.js";

/** What `templateRender` receives for the login page. */
export interface LoginViewContext {
	/** The values to refill (never the password); `next` is already validated ("" when none). */
	fields: { identity: string; identityField: string; remember: boolean; next: string };
	/** Messages by field name (the identity field, `password`, `remember`); `form` holds messages about the whole form. */
	errors: Record<string, string[]>;
	/** Put it in a hidden `csrf_token` field. */
	csrfToken: string;
	next: string;
	/** The form's `action` (the login route). */
	action: string;
	/** The HTTP status the page is sent with when the renderer returns a string (200, 400, 401, 403, 429). */
	status: number;
}

/** Renders a view: an HTML string or a Response, sync or async. `view` is `"login"`. */
export type TemplateRender = (view: "login", context: LoginViewContext) => string | Response | Promise<string | Response>;

/** A custom failure response. */
export type FailureHandler = (request: Request) => Response | Promise<Response>;

/** A pepper: a secret HMAC key applied before hashing, with a version so it can rotate. */
export interface Pepper {
	version: number;
	secret: string;
}

/** The options of `createIdentity`. Only `store` and `secret` are required; every default is in `defaults`. */
export interface IdentityOptions {
	store: IdentityStore;
	/** At least 32 bytes each. With an array the first signs and every one verifies (rotation). */
	secret: string | readonly string[];
	/** The field users log in with. Default: the store's `identityField`, else `"username"`. */
	identityField?: string;
	/** Methods that pass every guard untouched (CORS preflight). Default `["OPTIONS"]`. */
	exemptMethods?: readonly string[];
	views?: {
		postLogin?: string;
		postLogout?: string;
		/** Where navigations without a login go. Default: the login route; `null`: a 401 page. */
		unauthenticated?: string | null;
		/** Where navigations lacking a role go. Default `null`: a 403 page. */
		unauthorized?: string | null;
	};
	session?: { cookieName?: string; maxAgeSeconds?: number; singleSession?: boolean };
	remember?: { cookieName?: string; maxAgeSeconds?: number };
	token?: { header?: string; queryParam?: string | null; maxAgeSeconds?: number };
	cookie?: { secure?: boolean | "auto"; sameSite?: "Lax" | "Strict" | "None"; domain?: string | null; path?: string };
	password?: { hasher?: PasswordHasher; pepper?: Pepper | readonly Pepper[] | null; legacySalt?: string | null };
	freshness?: { maxAgeSeconds?: number };
	/** Which mechanisms `authRequired()` with no arguments tries. Default `["token", "session"]`; add `"basic"` to enable it. */
	authMethods?: readonly AuthMethod[];
	securityPayload?: (user: UserRecord) => Record<string, unknown>;
	anonymousUser?: AnonymousUser;
	routes?: { basePath?: string; enabled?: boolean };
	rateLimit?:
		| false
		| {
				maxPerIdentity?: number;
				maxPerAddress?: number;
				windowSeconds?: number;
				/** `"store"` (default when the store supports it) or `"memory"`. */
				storage?: "store" | "memory";
		  };
	/** The client address of a request; adapters supply it. Default: none known. */
	getClientAddress?: (request: Request) => string | null | undefined;
	/** Origins besides the request's own that may send cookie-authenticated unsafe requests. */
	trustedOrigins?: readonly string[];
	unauthenticatedHandler?: FailureHandler;
	unauthorizedHandler?: FailureHandler;
	templateRender?: TemplateRender;
	events?: IdentityEvents;
}

const DAY = 24 * 60 * 60;

/** Every default, in one place. */
export const defaults = {
	identityField: "username",
	exemptMethods: ["OPTIONS"],
	views: { postLogin: "/", postLogout: "/", unauthorized: null },
	session: { cookieName: "identity_session", maxAgeSeconds: 7 * DAY, singleSession: true },
	remember: { cookieName: "identity_remember", maxAgeSeconds: 365 * DAY },
	token: { header: "Authentication-Token", queryParam: null, maxAgeSeconds: 30 * DAY },
	cookie: { secure: "auto", sameSite: "Lax", domain: null, path: "/" },
	freshness: { maxAgeSeconds: DAY },
	authMethods: ["token", "session"],
	routes: { basePath: "/identity", enabled: true },
	rateLimit: { maxPerIdentity: 5, maxPerAddress: 20, windowSeconds: 15 * 60 },
	/** Tokens, cookies and credential strings longer than this are ignored unread. */
	maxCredentialLength: 4096
} as const;

/** The anonymous user when none is configured. */
export const defaultAnonymousUser: AnonymousUser = Object.freeze({
	isAuthenticated: false,
	isAnonymous: true,
	isActive: false,
	roles: Object.freeze([]) as readonly string[]
});

export type { CurrentUser };
