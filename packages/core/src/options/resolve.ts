import { InvalidOptionsError } from "../errors.js";
import { accountFlowStoreMethods, hasStoreMethods, passkeyStoreMethods, tokenStoreMethods, twoFactorStoreMethods } from "../store.js";
import type { AnonymousUser } from "../types.js";
import { DERIVED, REQUIRED, schema, type Group, type Option, type SchemaValues } from "./schema.js";
import type { IdentityOptions } from "./types.js";

/** The options after validation, with every default filled in (derived ones too). */
export type ResolvedOptions = Omit<SchemaValues, "anonymousUser"> & { anonymousUser: AnonymousUser };

/** The anonymous user when none is configured. */
const defaultAnonymousUser: AnonymousUser = Object.freeze({
	isAuthenticated: false,
	isAnonymous: true,
	isActive: false,
	roles: Object.freeze([]) as readonly string[]
});

const isGroup = (entry: Option<unknown> | Group<Record<string, Option<unknown>>>): entry is Group<Record<string, Option<unknown>>> =>
	"keys" in entry;

function resolveOption(entry: Option<unknown>, value: unknown, name: string): unknown {
	if (value !== undefined) return entry.check(value, name);
	if (entry.default === REQUIRED) return entry.check(undefined, name);
	return entry.default;
}

function resolveGroup(entry: Group<Record<string, Option<unknown>>>, value: unknown, name: string): unknown {
	if (value === false && entry.canBeFalse) return false;
	if (value === undefined) value = {};
	if (typeof value !== "object" || value === null || Array.isArray(value)) {
		throw new InvalidOptionsError(`Option "${name}" must be an object${entry.canBeFalse ? " or false" : ""}`);
	}
	for (const key of Object.keys(value)) {
		if (!Object.hasOwn(entry.keys, key)) throw new InvalidOptionsError(`Unknown option "${name}.${key}" (known: ${Object.keys(entry.keys).join(", ")})`);
	}
	const resolved: Record<string, unknown> = {};
	for (const [key, option] of Object.entries(entry.keys)) {
		resolved[key] = resolveOption(option, (value as Record<string, unknown>)[key], `${name}.${key}`);
	}
	return resolved;
}

/**
 * Validates the options of `createIdentity` once, against the one table in `schema.ts`, and fills in
 * every default. Derived defaults: `identityField` from the store, `views.unauthenticated` from the
 * login route, `rateLimit.storage` from what the store supports.
 * @throws InvalidOptionsError `ERR_INVALID_OPTIONS` naming the option.
 */
export function resolveOptions(options: IdentityOptions): ResolvedOptions {
	if (typeof options !== "object" || options === null) throw new InvalidOptionsError("createIdentity() needs an options object");
	for (const key of Object.keys(options)) {
		if (!Object.hasOwn(schema, key)) throw new InvalidOptionsError(`Unknown option "${key}"`);
	}
	const values: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(schema) as [string, Option<unknown> | Group<Record<string, Option<unknown>>>][]) {
		const given = (options as unknown as Record<string, unknown>)[key];
		values[key] = isGroup(entry) ? resolveGroup(entry, given, key) : resolveOption(entry, given, key);
	}
	const resolved = values as unknown as SchemaValues;
	// The user cache is exact only when the identity hears of writes: without store.subscribe (or a
	// coordinator) it stays off unless asked for, accepting its documented lag.
	if (options.userCache === undefined && typeof resolved.store.subscribe !== "function" && !resolved.coordinator) resolved.userCache = false;
	return derive(resolved);
}

function derive(values: SchemaValues): ResolvedOptions {
	const { store, routes, views, cookie, rateLimit } = values;
	if (values.identityField === (DERIVED as unknown)) values.identityField = store.identityField ?? "username";
	const loginRoute = `${routes.basePath}/login`;
	if (views.unauthenticated === (DERIVED as unknown)) views.unauthenticated = routes.enabled ? loginRoute : null;
	for (const view of ["postRegister", "postConfirm", "postReset"] as const) {
		if (views[view] === (DERIVED as unknown)) views[view] = routes.enabled ? loginRoute : views.postLogin;
	}
	const flows = values.flows;
	const mailing = (["confirm", "recover", "changePassword", "changeEmail"] as const).filter((flow) => flows[flow].enabled);
	if (mailing.length > 0 && !values.mailer) {
		throw new InvalidOptionsError(`Option "mailer" is required: the flows ${mailing.join(", ")} send mail (createOutboxMailer() for development)`);
	}
	const anyFlow = (Object.keys(flows) as (keyof typeof flows)[]).some((flow) => flows[flow].enabled);
	if (anyFlow && !hasStoreMethods(store, accountFlowStoreMethods)) {
		throw new InvalidOptionsError('Option "flows": the store lacks setEmail() and confirmUser() (the account-flow methods of the IdentityStore port)');
	}
	if (values.twoFactor && !hasStoreMethods(store, twoFactorStoreMethods)) {
		throw new InvalidOptionsError('Option "twoFactor": the store lacks the two-factor methods (getTwoFactor, setTwoFactor, advanceTotpStep, takeRecoveryCode)');
	}
	if (values.passkeys) {
		if (!hasStoreMethods(store, passkeyStoreMethods)) throw new InvalidOptionsError('Option "passkeys": the store lacks the passkey methods (listPasskeys, addPasskey, findPasskey, updatePasskeyCounter, deletePasskey)');
		if (!values.coordinator && !hasStoreMethods(store, tokenStoreMethods)) {
			throw new InvalidOptionsError('Option "passkeys": challenges must be single use on every instance, so the store needs consumeToken() or a coordinator must be configured');
		}
	}
	const loopsTo = (view: string | null) => view !== null && routes.enabled && [loginRoute, `${routes.basePath}/verify`].includes(view.split("?")[0]!);
	if (loopsTo(views.unauthorized)) {
		throw new InvalidOptionsError('Option "views.unauthorized" must not be the login or verify route: a signed-in user sent there would loop');
	}
	if (rateLimit) {
		const counts = typeof store.addAttempt === "function" && typeof store.readAttempts === "function" && typeof store.clearAttempts === "function";
		if (rateLimit.storage === (DERIVED as unknown)) rateLimit.storage = values.coordinator ? "coordinator" : counts ? "store" : "memory";
		else if (rateLimit.storage === "store" && !counts) throw new InvalidOptionsError('Option "rateLimit.storage" is "store" but the store keeps no attempt counters');
		else if (rateLimit.storage === "coordinator" && !values.coordinator) throw new InvalidOptionsError('Option "rateLimit.storage" is "coordinator" but no coordinator is configured');
		if (rateLimit.deviceCookieName === values.session.cookieName || rateLimit.deviceCookieName === values.remember.cookieName) {
			throw new InvalidOptionsError('Option "rateLimit.deviceCookieName" must differ from the session and remember cookie names');
		}
	}
	if (cookie.prefix === "host" && (cookie.domain !== null || cookie.path !== "/" || cookie.secure === false)) {
		throw new InvalidOptionsError('Option "cookie.prefix" "host" needs Secure cookies with Path=/ and no domain');
	}
	if ((cookie.prefix === "host" || cookie.prefix === "secure") && cookie.secure === false) {
		throw new InvalidOptionsError(`Option "cookie.prefix" "${cookie.prefix}" needs Secure cookies (cookie.secure must not be false)`);
	}
	if (cookie.sameSite === "None" && cookie.secure === false) {
		throw new InvalidOptionsError('Option "cookie.sameSite" "None" needs Secure cookies (cookie.secure must not be false)');
	}
	if (values.session.cookieName === values.remember.cookieName) {
		throw new InvalidOptionsError('Options "session.cookieName" and "remember.cookieName" must differ');
	}
	return { ...values, anonymousUser: values.anonymousUser ?? defaultAnonymousUser };
}
