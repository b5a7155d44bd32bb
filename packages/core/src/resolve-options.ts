import { InvalidOptionsError } from "./errors.js";
import type { IdentityEvents } from "./events.js";
import { defaultAnonymousUser, defaults, type FailureHandler, type IdentityOptions, type Pepper, type TemplateRender } from "./options.js";
import type { PasswordHasher } from "./password/hasher.js";
import type { IdentityStore } from "./store.js";
import type { AnonymousUser, AuthMethod, UserRecord } from "./types.js";

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
	store: IdentityStore;
	secrets: readonly string[];
	identityField: string;
	exemptMethods: ReadonlySet<string>;
	views: { postLogin: string; postLogout: string; unauthenticated: string | null; unauthorized: string | null };
	session: { cookieName: string; maxAgeSeconds: number; singleSession: boolean };
	remember: { cookieName: string; maxAgeSeconds: number };
	token: { header: string; queryParam: string | null; maxAgeSeconds: number };
	cookie: { secure: boolean | "auto"; sameSite: "Lax" | "Strict" | "None"; domain: string | null; path: string };
	password: { hasher: PasswordHasher | undefined; pepper: readonly Pepper[]; legacySalt: string | null };
	freshness: { maxAgeSeconds: number };
	authMethods: readonly AuthMethod[];
	securityPayload: ((user: UserRecord) => Record<string, unknown>) | undefined;
	anonymousUser: AnonymousUser;
	routes: { basePath: string; enabled: boolean };
	rateLimit: false | { maxPerIdentity: number; maxPerAddress: number; windowSeconds: number; storage: "store" | "memory" };
	getClientAddress: (request: Request) => string | null;
	trustedOrigins: readonly string[];
	/** Mutable: `unauthenticatedHandler(fn)` and friends replace them after creation. */
	handlers: { unauthenticated?: FailureHandler; unauthorized?: FailureHandler; templateRender?: TemplateRender };
	events: IdentityEvents;
	maxCredentialLength: number;
}

const allowedKeys: Record<string, readonly string[] | null> = {
	store: null, secret: null, identityField: null, exemptMethods: null, securityPayload: null, anonymousUser: null,
	getClientAddress: null, trustedOrigins: null, unauthenticatedHandler: null, unauthorizedHandler: null,
	templateRender: null, events: null, authMethods: null,
	views: ["postLogin", "postLogout", "unauthenticated", "unauthorized"],
	session: ["cookieName", "maxAgeSeconds", "singleSession"],
	remember: ["cookieName", "maxAgeSeconds"],
	token: ["header", "queryParam", "maxAgeSeconds"],
	cookie: ["secure", "sameSite", "domain", "path"],
	password: ["hasher", "pepper", "legacySalt"],
	freshness: ["maxAgeSeconds"],
	routes: ["basePath", "enabled"],
	rateLimit: ["maxPerIdentity", "maxPerAddress", "windowSeconds", "storage"]
};

const storeMethods = ["findUser", "findRole", "createUser", "createRole", "addRoleToUser", "removeRoleFromUser",
	"toggleActive", "deactivateUser", "activateUser", "setUniquifier", "setPassword", "deleteUser", "listUsers",
	"listRoles", "recordLogin", "commit"] as const;

function fail(message: string): never {
	throw new InvalidOptionsError(message);
}

function checkKeys(options: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(options)) {
		if (!(key in allowedKeys)) fail(`Unknown option "${key}"`);
		const nested = allowedKeys[key];
		if (nested && value !== undefined && value !== null && value !== false) {
			if (typeof value !== "object") fail(`Option "${key}" must be an object`);
			for (const inner of Object.keys(value)) {
				if (!nested.includes(inner)) fail(`Unknown option "${key}.${inner}"`);
			}
		}
	}
}

function positiveSeconds(value: number | undefined, fallback: number, name: string): number {
	if (value === undefined) return fallback;
	if (!Number.isFinite(value) || value <= 0) fail(`Option "${name}" must be a positive number of seconds`);
	return value;
}

function relativePath(value: string | null | undefined, fallback: string | null, name: string): string | null {
	if (value === undefined) return fallback;
	if (value === null) return null;
	if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || /[\\\s]/.test(value)) {
		fail(`Option "${name}" must be a same-origin path starting with "/"`);
	}
	return value;
}

function checkSecrets(secret: unknown): readonly string[] {
	const secrets = typeof secret === "string" ? [secret] : Array.isArray(secret) ? secret : null;
	if (!secrets || secrets.length === 0) fail('Option "secret" is required: a string of at least 32 bytes, or an array of them');
	for (const s of secrets) {
		if (typeof s !== "string" || new TextEncoder().encode(s).length < 32) {
			fail('Every secret must be a string of at least 32 bytes (generate one with crypto.getRandomValues)');
		}
		if (new Set(s).size < 8) fail("A secret must not be a low-entropy placeholder (it has fewer than 8 distinct characters)");
	}
	return Object.freeze([...secrets]);
}

function checkStore(store: unknown): IdentityStore {
	if (typeof store !== "object" || store === null) fail('Option "store" is required (an IdentityStore)');
	for (const method of storeMethods) {
		if (typeof (store as Record<string, unknown>)[method] !== "function") fail(`Option "store" lacks method ${method}()`);
	}
	return store as IdentityStore;
}

/** Validates options once, at creation, and fills in the defaults. Throws `InvalidOptionsError`. */
export function resolveOptions(options: IdentityOptions): ResolvedOptions {
	if (typeof options !== "object" || options === null) fail("createIdentity() needs an options object");
	checkKeys(options as unknown as Record<string, unknown>);
	const store = checkStore(options.store);
	const secrets = checkSecrets(options.secret);
	const basePath = options.routes?.basePath ?? defaults.routes.basePath;
	if (!/^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/.test(basePath) || /\/\/|(^|\/)\.{1,2}(\/|$)/.test(basePath)) fail('Option "routes.basePath" must be a path like "/identity"');
	const routes = { basePath, enabled: options.routes?.enabled ?? defaults.routes.enabled };
	const authMethods = options.authMethods ?? defaults.authMethods;
	for (const m of authMethods) if (!["token", "session", "basic"].includes(m)) fail(`Unknown auth method "${String(m)}"`);
	const rl = options.rateLimit;
	const storage = rl && rl.storage ? rl.storage : store.addAttempt ? "store" : "memory";
	if (storage === "store" && !store.addAttempt) fail('Option "rateLimit.storage" is "store" but the store keeps no attempt counters');
	const pepper = options.password?.pepper;
	return {
		store,
		secrets,
		identityField: options.identityField ?? store.identityField ?? defaults.identityField,
		exemptMethods: new Set((options.exemptMethods ?? defaults.exemptMethods).map((m) => m.toUpperCase())),
		views: {
			postLogin: relativePath(options.views?.postLogin, defaults.views.postLogin, "views.postLogin")!,
			postLogout: relativePath(options.views?.postLogout, defaults.views.postLogout, "views.postLogout")!,
			unauthenticated: relativePath(options.views?.unauthenticated, routes.enabled ? `${basePath}/login` : null, "views.unauthenticated"),
			unauthorized: relativePath(options.views?.unauthorized, defaults.views.unauthorized, "views.unauthorized")
		},
		session: {
			cookieName: options.session?.cookieName ?? defaults.session.cookieName,
			maxAgeSeconds: positiveSeconds(options.session?.maxAgeSeconds, defaults.session.maxAgeSeconds, "session.maxAgeSeconds"),
			singleSession: options.session?.singleSession ?? defaults.session.singleSession
		},
		remember: {
			cookieName: options.remember?.cookieName ?? defaults.remember.cookieName,
			maxAgeSeconds: positiveSeconds(options.remember?.maxAgeSeconds, defaults.remember.maxAgeSeconds, "remember.maxAgeSeconds")
		},
		token: {
			header: options.token?.header ?? defaults.token.header,
			queryParam: options.token?.queryParam ?? defaults.token.queryParam,
			maxAgeSeconds: positiveSeconds(options.token?.maxAgeSeconds, defaults.token.maxAgeSeconds, "token.maxAgeSeconds")
		},
		cookie: {
			secure: options.cookie?.secure ?? defaults.cookie.secure,
			sameSite: options.cookie?.sameSite ?? defaults.cookie.sameSite,
			domain: options.cookie?.domain ?? defaults.cookie.domain,
			path: options.cookie?.path ?? defaults.cookie.path
		},
		password: {
			hasher: options.password?.hasher,
			pepper: pepper ? (Array.isArray(pepper) ? pepper : [pepper as Pepper]) : [],
			legacySalt: options.password?.legacySalt ?? null
		},
		freshness: { maxAgeSeconds: positiveSeconds(options.freshness?.maxAgeSeconds, defaults.freshness.maxAgeSeconds, "freshness.maxAgeSeconds") },
		authMethods,
		securityPayload: options.securityPayload,
		anonymousUser: options.anonymousUser ?? defaultAnonymousUser,
		routes,
		rateLimit: rl === false ? false : {
			maxPerIdentity: rl?.maxPerIdentity ?? defaults.rateLimit.maxPerIdentity,
			maxPerAddress: rl?.maxPerAddress ?? defaults.rateLimit.maxPerAddress,
			windowSeconds: positiveSeconds(rl?.windowSeconds, defaults.rateLimit.windowSeconds, "rateLimit.windowSeconds"),
			storage
		},
		getClientAddress: (request) => options.getClientAddress?.(request) ?? null,
		trustedOrigins: options.trustedOrigins ?? [],
		handlers: {
			unauthenticated: options.unauthenticatedHandler,
			unauthorized: options.unauthorizedHandler,
			templateRender: options.templateRender
		},
		events: options.events ?? {},
		maxCredentialLength: defaults.maxCredentialLength
	};
}
