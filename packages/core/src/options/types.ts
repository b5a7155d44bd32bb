import type { Coordinator } from "../coordinator.js";
import type { IdentityEvents } from "../events.js";
import type { Mailer } from "../mail/mailer.js";
import type { PasswordHasher } from "../password/hasher.js";
import type { Pepper } from "../password/pepper.js";
import type { IdentityStore } from "../store.js";
import type { AnonymousUser, AuthMethod, UserRecord } from "../types.js";

/** What every view of the default routes receives. */
export interface ViewContextBase {
	/** The HTTP status the page is sent with when the renderer returns a string. */
	status: number;
	/** Put it in a hidden `csrf_token` field of every form. */
	csrfToken: string;
	/** Where the form posts. */
	action: string;
	/** The validated `next` ("" when none): put it in a hidden `next` field. */
	next: string;
	/** Messages by field name; `form` holds messages about the whole form. */
	errors: Record<string, string[]>;
	/** The request being answered (to show who is signed in, for example). */
	request: Request;
}

/** The login form. */
export interface LoginViewContext extends ViewContextBase {
	/** The values to refill (never the password). */
	fields: { identity: string; identityField: string; remember: boolean; next: string };
	/** Links to the account flows that are on ("Create an account", "Forgot password?"), else null. */
	links: { register: string | null; recover: string | null };
	/** With passkeys on: the `<script>` offering passkey sign-in (conditional UI and a button), else "". */
	passkeyScript: string;
}

/** The registration form. */
export interface RegisterViewContext extends ViewContextBase {
	/** The values to refill (never the password). `email` is its own field when the identity field is not `email`. */
	fields: { identity: string; identityField: string; email: string };
	/** Whether the form asks for an email address besides the identity field. */
	asksEmail: boolean;
	/** The shortest password accepted (`password.minLength`). */
	passwordMinLength: number;
	/** The login route. */
	loginUrl: string;
}

/** Confirming an address: a button that posts `token`, or (without a token) a form for the emailed code. */
export interface ConfirmViewContext extends ViewContextBase {
	token: string;
	fields: { email: string };
	/** Where "send the mail again" posts. */
	resendAction: string;
}

/** Asking for a password-reset mail. */
export interface RecoverViewContext extends ViewContextBase {
	fields: { email: string };
}

/** Choosing a new password after a reset mail: with `token`, or with the email and the emailed code. */
export interface ResetViewContext extends ViewContextBase {
	token: string;
	fields: { email: string };
	passwordMinLength: number;
}

/** Changing the password of the signed-in user. */
export interface ChangePasswordViewContext extends ViewContextBase {
	identity: string;
	passwordMinLength: number;
}

/** Changing the email address of the signed-in user; with `token`, the button that confirms the new address. */
export interface ChangeEmailViewContext extends ViewContextBase {
	currentEmail: string;
	token: string;
	fields: { email: string };
}

/** The re-authentication form (`GET verify`): the signed-in user enters the password again. */
export interface VerifyViewContext extends ViewContextBase {
	/** The identity value of the signed-in user, shown on the form. */
	identity: string;
	identityField: string;
	/** With passkeys on: the `<script>` offering "use a passkey" instead of the password, else "". */
	passkeyScript: string;
}

/** A page with a message (failures, "already signed in"), optionally with links and one button form. */
export interface MessageViewContext {
	status: number;
	title: string;
	message: string;
	/** Links to offer, already validated same-origin paths. */
	links: { href: string; label: string }[];
	/** A single-button POST form (e.g. sign out), with its CSRF token. */
	form: { action: string; label: string; csrfToken: string } | null;
	/** The page the user asked for, when the message is a refusal of it (a 401 or 403 page). */
	requestedPath: string | null;
	/** The request being answered. */
	request: Request;
}

/** The second step of a login with two-factor on: the code from the authenticator app, or a recovery code. */
export interface TwoFactorViewContext extends ViewContextBase {
	/** Where the recovery-code form posts (the same route, with `recoveryCode`). */
	recoveryAction: string;
}

/** Two-factor settings of the signed-in user. */
export interface TwoFactorSetupViewContext extends ViewContextBase {
	/** `start`: off, offer to set it up; `scan`: show the secret to scan; `codes`: just enabled, show the recovery codes; `enabled`: on. */
	stage: "start" | "scan" | "codes" | "enabled";
	/** The secret (base32) and its otpauth URL and QR code (`scan`). */
	secret: string;
	otpauthUrl: string;
	/** The QR code as inline SVG markup (safe to embed as is), `scan` only. */
	qrSvg: string;
	/** Goes back in the enable form (`scan`). */
	setupToken: string;
	/** Shown once (`codes`, or after regenerating). */
	recoveryCodes: string[];
	recoveryCodesLeft: number;
	actions: { setup: string; enable: string; disable: string; regenerate: string };
}

/** The passkeys of the signed-in user, with add and delete. */
export interface PasskeysViewContext extends ViewContextBase {
	passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
	actions: { options: string; register: string; delete: string };
	/** The `<script>` that runs the browser's WebAuthn ceremony; our CSP allows exactly this script. */
	script: string;
}

/** The views `templateRender` may replace, with their contexts. */
export interface ViewContexts {
	login: LoginViewContext;
	verify: VerifyViewContext;
	message: MessageViewContext;
	register: RegisterViewContext;
	confirm: ConfirmViewContext;
	recover: RecoverViewContext;
	reset: ResetViewContext;
	"change-password": ChangePasswordViewContext;
	"change-email": ChangeEmailViewContext;
	"two-factor": TwoFactorViewContext;
	"two-factor-setup": TwoFactorSetupViewContext;
	passkeys: PasskeysViewContext;
}

/** A view name of the default routes. */
export type ViewName = keyof ViewContexts;

/**
 * Renders a view: an HTML string (sent with `context.status`) or a Response, sync or async.
 * The parameters are a discriminated pair, so `if (view === "login")` narrows `context`;
 * `context.request` is the request being answered (to show who is signed in, for example).
 */
export type TemplateRender = (
	...args: { [V in ViewName]: [view: V, context: ViewContexts[V]] }[ViewName]
) => string | Response | Promise<string | Response>;

/** Why a guard refused a request (the second argument of custom failure handlers). */
export type GuardFailure = "unauthenticated" | "reauthentication_required" | "forbidden";

/** A custom failure response. */
export type FailureHandler = (request: Request, failure: { reason: GuardFailure }) => Response | Promise<Response>;

/** The answer to requests whose method is exempt (default: 204 with an empty body). */
export type ExemptResponse = (request: Request) => Response | Promise<Response>;

/** Extra password rule: a string is the refusal message shown to the user, null accepts. */
export type PasswordCheck = (password: string, user: UserRecord | null) => string | null | Promise<string | null>;

/** The options of `createIdentity`. Only `store` and `secret` are required; every default is documented in the README. */
export interface IdentityOptions {
	store: IdentityStore;
	/** At least 32 bytes each. With an array the first signs and every one verifies (rotation). */
	secret: string | readonly string[];
	/** The field users log in with. Default: the store's `identityField`, else `"username"`. */
	identityField?: string;
	/** Methods every guard answers itself with `exemptResponse`, never calling the handler. Default `["OPTIONS"]`. */
	exemptMethods?: readonly string[];
	/** The answer to exempt methods. Default: 204 with an empty body. */
	exemptResponse?: ExemptResponse;
	/** Which mechanisms `authRequired()` with no arguments tries. Default `["token", "session"]`; add `"basic"` to enable it. */
	authMethods?: readonly AuthMethod[];
	views?: {
		postLogin?: string;
		postLogout?: string;
		unauthenticated?: string | null;
		unauthorized?: string | null;
		/** After a registration (confirm off). Default: the login route. */
		postRegister?: string;
		/** After an address is confirmed. Default: the login route. */
		postConfirm?: string;
		/** After a password reset. Default: the login route. */
		postReset?: string;
	};
	session?: { cookieName?: string; maxAgeSeconds?: number; singleSession?: boolean };
	remember?: { cookieName?: string; maxAgeSeconds?: number };
	token?: { header?: string; queryParam?: string | null; maxAgeSeconds?: number };
	/**
	 * Cookie attributes. `prefix: "auto"` (default) names cookies `__Host-…` when they are `Secure`
	 * with `Path=/` and no `Domain` (`__Secure-…` when a domain or path is set), so a sibling
	 * subdomain cannot plant them.
	 */
	cookie?: {
		secure?: boolean | "auto";
		sameSite?: "Lax" | "Strict" | "None";
		domain?: string | null;
		path?: string;
		prefix?: "auto" | "host" | "secure" | "none";
	};
	password?: {
		hasher?: PasswordHasher;
		pepper?: Pepper | readonly Pepper[] | null;
		legacySalt?: string | null;
		/** The shortest new password accepted, in characters. Default 8. */
		minLength?: number;
		/** An extra rule for new passwords (e.g. a breached-password lookup). */
		check?: PasswordCheck;
	};
	freshness?: { maxAgeSeconds?: number };
	securityPayload?: (user: UserRecord) => Record<string, unknown>;
	anonymousUser?: AnonymousUser;
	/**
	 * The default routes. `origin` (e.g. `"https://app.example"`) is used for the links in mail;
	 * without it the request's origin is used, which a proxy that forwards the client's `Host`
	 * header lets an attacker choose: set it in production.
	 */
	routes?: { basePath?: string; enabled?: boolean; origin?: string | null };
	/**
	 * Account flows, each off by default: `true`, or `{ maxAgeSeconds }` for the lifetime of its
	 * emailed links and codes (confirm 24 h, recover 1 h, changeEmail 24 h by default).
	 */
	flows?: {
		register?: boolean | { maxAgeSeconds?: number };
		confirm?: boolean | { maxAgeSeconds?: number };
		recover?: boolean | { maxAgeSeconds?: number };
		changePassword?: boolean | { maxAgeSeconds?: number };
		changeEmail?: boolean | { maxAgeSeconds?: number };
	};
	/** Turns on TOTP two-factor sign-in; `issuer` is the name authenticator apps show. */
	twoFactor?: { issuer: string };
	/**
	 * Turns on passkeys (WebAuthn). `rpId` (e.g. `"app.example"`) must be the host of every origin,
	 * or a parent domain of it; `origins` are the exact origins pages run on (`"https://app.example"`).
	 * Never taken from a request.
	 */
	passkeys?: { rpId: string; rpName: string; origins: readonly string[] };
	/** Sends the flows' mail: `createOutboxMailer()` (development), `createSmtpMailer` from `@identity/node`. */
	mailer?: Mailer;
	/**
	 * The login throttle (`false` turns it off): failed logins per account (exponential backoff;
	 * browsers that logged in to the account before are counted per device), per client address
	 * and globally, per window.
	 */
	rateLimit?:
		| false
		| {
				maxPerIdentity?: number;
				maxPerAddress?: number;
				maxGlobal?: number;
				windowSeconds?: number;
				/** Where counters live. Default: the coordinator, else the store when it keeps counters, else memory. */
				storage?: "store" | "memory" | "coordinator";
				deviceCookieName?: string;
		  };
	/**
	 * Users recently loaded for a credential (`false` turns it off): a repeat request costs no store
	 * query. Exact for writes through the same store object (when the store offers `subscribe`, as
	 * `@identity/kysely` and `createMemoryStore` do) or through the coordinator; other writes (another
	 * process, the CLI) are seen within `maxAgeSeconds`. Default `{ maxEntries: 10000, maxAgeSeconds: 5 }`.
	 */
	userCache?: false | { maxEntries?: number; maxAgeSeconds?: number };
	/** State shared by many instances (counters, single-use tokens, cache invalidation): `createRedisCoordinator`. */
	coordinator?: Coordinator;
	/** The client address of a request; adapters supply it. Default: none known. */
	getClientAddress?: (request: Request) => string | null | undefined;
	/** Origins besides the request's own that may send cookie-authenticated unsafe requests. */
	trustedOrigins?: readonly string[];
	unauthenticatedHandler?: FailureHandler;
	unauthorizedHandler?: FailureHandler;
	templateRender?: TemplateRender;
	events?: IdentityEvents;
}
