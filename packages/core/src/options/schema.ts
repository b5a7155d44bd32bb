import type { Coordinator } from "../coordinator.js";
import type { IdentityEvents } from "../events.js";
import type { Mailer } from "../mail/mailer.js";
import type { PasswordHasher } from "../password/hasher.js";
import type { IdentityStore } from "../store.js";
import type { AnonymousUser, UserRecord } from "../types.js";
import * as check from "./checks.js";
import type { Check } from "./checks.js";
import { checkCoordinator, checkMailer, checkPeppers, checkSecrets, checkStore } from "./secrets-and-store.js";
import type { ExemptResponse, FailureHandler, PasswordCheck, TemplateRender } from "./types.js";

/** A default computed from other options in `resolveOptions` (the login route, the store's field, ...). */
export const DERIVED = Symbol("derived");
/** No default: the option is required. */
export const REQUIRED = Symbol("required");

/** One option: its default and its check. */
export interface Option<T> {
	readonly default: T | typeof DERIVED | typeof REQUIRED;
	readonly check: Check<T>;
}

/** A nested group of options (`session: { ... }`); `canBeFalse` groups may be switched off with `false`. */
export interface Group<S extends Record<string, Option<unknown>>, F extends boolean = boolean> {
	readonly keys: S;
	readonly canBeFalse: F;
}

const option = <T>(defaultValue: T | typeof DERIVED | typeof REQUIRED, validate: Check<T>): Option<T> => ({ default: defaultValue, check: validate });
const group = <S extends Record<string, Option<unknown>>, F extends boolean = false>(keys: S, canBeFalse = false as F): Group<S, F> => ({
	keys,
	canBeFalse
});

const DAY = 24 * 60 * 60;

/**
 * Every option of `createIdentity`: its default and its check, in one table. The accepted keys, the
 * defaults and the validation are all derived from it, so they cannot drift apart. Every bad value
 * is an `InvalidOptionsError` naming the option.
 */
export const schema = {
	store: option<IdentityStore>(REQUIRED, checkStore),
	secret: option<readonly string[]>(REQUIRED, checkSecrets),
	identityField: option<string>(DERIVED, check.httpToken),
	exemptMethods: option<ReadonlySet<string>>(new Set(["OPTIONS"]), check.methods),
	exemptResponse: option<ExemptResponse | null>(null, check.nullable(check.fn<ExemptResponse>())),
	authMethods: option(["token", "session"] as readonly ("token" | "session" | "basic")[], check.listOf("token", "session", "basic")),
	views: group({
		postLogin: option("/", check.path),
		postLogout: option("/", check.path),
		unauthenticated: option<string | null>(DERIVED, check.nullable(check.path)),
		unauthorized: option<string | null>(null, check.nullable(check.path)),
		postRegister: option<string>(DERIVED, check.path),
		postConfirm: option<string>(DERIVED, check.path),
		postReset: option<string>(DERIVED, check.path)
	}),
	session: group({
		cookieName: option("identity_session", check.cookieName),
		maxAgeSeconds: option(7 * DAY, check.seconds),
		singleSession: option(true, check.boolean)
	}),
	remember: group({
		cookieName: option("identity_remember", check.cookieName),
		maxAgeSeconds: option(365 * DAY, check.seconds)
	}),
	token: group({
		header: option("Authentication-Token", check.httpToken),
		queryParam: option<string | null>(null, check.nullable(check.httpToken)),
		maxAgeSeconds: option(30 * DAY, check.seconds)
	}),
	cookie: group({
		secure: option<boolean | "auto">("auto", check.oneOf(true, false, "auto")),
		sameSite: option("Lax", check.oneOf("Lax", "Strict", "None")),
		domain: option<string | null>(null, check.nullable(check.domain)),
		path: option("/", check.cookiePath),
		prefix: option("auto", check.oneOf("auto", "host", "secure", "none"))
	}),
	password: group({
		hasher: option<PasswordHasher | null>(null, check.nullable(check.object<PasswordHasher>())),
		pepper: option(checkPeppers(null, "password.pepper"), checkPeppers),
		legacySalt: option<string | null>(null, check.nullable(check.text)),
		minLength: option(8, check.positiveInteger),
		check: option<PasswordCheck | null>(null, check.nullable(check.fn<PasswordCheck>()))
	}),
	freshness: group({ maxAgeSeconds: option(DAY, check.seconds) }),
	securityPayload: option<((user: UserRecord) => Record<string, unknown>) | null>(null, check.nullable(check.fn())),
	anonymousUser: option<AnonymousUser | null>(null, check.nullable(check.object<AnonymousUser>())),
	routes: group({
		basePath: option("/identity", check.basePath),
		enabled: option(true, check.boolean),
		origin: option<string | null>(null, check.nullable(check.origin))
	}),
	flows: group({
		register: option({ enabled: false, maxAgeSeconds: DAY }, check.flowSwitch(DAY)),
		confirm: option({ enabled: false, maxAgeSeconds: DAY }, check.flowSwitch(DAY)),
		recover: option({ enabled: false, maxAgeSeconds: 60 * 60 }, check.flowSwitch(60 * 60)),
		changePassword: option({ enabled: false, maxAgeSeconds: DAY }, check.flowSwitch(DAY)),
		changeEmail: option({ enabled: false, maxAgeSeconds: DAY }, check.flowSwitch(DAY))
	}),
	mailer: option<Mailer | null>(null, check.nullable(checkMailer)),
	twoFactor: option<{ issuer: string } | null>(null, check.nullable(check.twoFactorOptions)),
	passkeys: option<{ rpId: string; rpName: string; origins: readonly string[] } | null>(null, check.nullable(check.passkeyOptions)),
	rateLimit: group(
		{
			maxPerIdentity: option(5, check.positiveInteger),
			maxPerAddress: option(20, check.positiveInteger),
			maxGlobal: option(10_000, check.positiveInteger),
			windowSeconds: option(15 * 60, check.seconds),
			storage: option<"store" | "memory" | "coordinator">(DERIVED, check.oneOf("store", "memory", "coordinator")),
			deviceCookieName: option("identity_device", check.cookieName)
		},
		true as const
	),
	userCache: group({ maxEntries: option(10_000, check.positiveInteger), maxAgeSeconds: option(5, check.seconds) }, true as const),
	coordinator: option<Coordinator | null>(null, check.nullable(checkCoordinator)),
	getClientAddress: option<((request: Request) => string | null | undefined) | null>(null, check.nullable(check.fn())),
	trustedOrigins: option<readonly string[]>([], check.origins),
	unauthenticatedHandler: option<FailureHandler | null>(null, check.nullable(check.fn<FailureHandler>())),
	unauthorizedHandler: option<FailureHandler | null>(null, check.nullable(check.fn<FailureHandler>())),
	templateRender: option<TemplateRender | null>(null, check.nullable(check.fn<TemplateRender>())),
	events: option<IdentityEvents>({}, check.object<IdentityEvents>())
} as const;

export type Schema = typeof schema;

type ResolvedOption<O> = O extends Option<infer T> ? T : never;

/** The options after validation, every default filled in. */
export type SchemaValues = {
	-readonly [K in keyof Schema]: Schema[K] extends Group<infer S, infer F>
		? F extends true
			? { -readonly [G in keyof S]: ResolvedOption<S[G]> } | false
			: { -readonly [G in keyof S]: ResolvedOption<S[G]> }
		: ResolvedOption<Schema[K]>;
};
