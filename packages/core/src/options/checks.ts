import { InvalidOptionsError } from "../errors.js";

/** Validates one option value (never `undefined`: defaults apply before) or throws naming the option. */
export type Check<T> = (value: unknown, name: string) => T;

function fail(name: string, expectation: string): never {
	throw new InvalidOptionsError(`Option "${name}" must be ${expectation}`);
}

export const boolean: Check<boolean> = (value, name) => (typeof value === "boolean" ? value : fail(name, "true or false"));

export const seconds: Check<number> = (value, name) =>
	typeof value === "number" && Number.isFinite(value) && value > 0 ? value : fail(name, "a positive number of seconds");

export const positiveInteger: Check<number> = (value, name) =>
	Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : fail(name, "a positive integer");

export function oneOf<const T extends readonly unknown[]>(...allowed: T): Check<T[number]> {
	return (value, name) => (allowed.includes(value) ? (value as T[number]) : fail(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`));
}

export function fn<F extends (...args: never[]) => unknown>(): Check<F> {
	return (value, name) => (typeof value === "function" ? (value as F) : fail(name, "a function"));
}

export function nullable<T>(check: Check<T>): Check<T | null> {
	return (value, name) => (value === null ? null : check(value, name));
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** An HTTP token (RFC 9110): valid as a cookie or header name. */
export const httpToken: Check<string> = (value, name) =>
	typeof value === "string" && value.length <= 128 && TOKEN.test(value) ? value : fail(name, "a valid cookie/header name (letters, digits, !#$%&'*+-.^_`|~)");

/** A cookie name we may prefix ourselves: no `__Host-`/`__Secure-` prefix of its own. */
export const cookieName: Check<string> = (value, name) => {
	const checked = httpToken(value, name);
	return /^__(host|secure)-/i.test(checked) ? fail(name, 'a name without "__Host-"/"__Secure-" (use cookie.prefix)') : checked;
};

/** A same-origin path such as `/` or `/account` (no scheme, host, backslash or whitespace). */
export const path: Check<string> = (value, name) =>
	typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !/[\\\s\u0000-\u001f\u007f]/.test(value) && value.length <= 2048
		? value
		: fail(name, 'a same-origin path starting with "/"');

/** A cookie `Path`: a path of printable characters without `;`. */
export const cookiePath: Check<string> = (value, name) =>
	typeof value === "string" && value.startsWith("/") && /^[\x21-\x3a\x3c-\x7e]+$/.test(value) ? value : fail(name, 'a cookie path starting with "/"');

/** A cookie `Domain`: a host name. */
export const domain: Check<string> = (value, name) =>
	typeof value === "string" && /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(value)
		? value
		: fail(name, "a host name such as example.com");

/** The base path of the routes: `/identity`, no trailing slash, no `.`/`..` segments. */
export const basePath: Check<string> = (value, name) =>
	typeof value === "string" && /^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/.test(value) && !/\/\/|(^|\/)\.{1,2}(\/|$)/.test(value)
		? value
		: fail(name, 'a path like "/identity"');

/** A list of HTTP methods, upper-cased. */
export const methods: Check<ReadonlySet<string>> = (value, name) => {
	if (!Array.isArray(value) || !value.every((m) => typeof m === "string" && TOKEN.test(m))) fail(name, 'a list of HTTP methods such as ["OPTIONS"]');
	return new Set(value.map((m: string) => m.toUpperCase()));
};

export function listOf<const T extends readonly string[]>(...allowed: T): Check<readonly T[number][]> {
	return (value, name) =>
		Array.isArray(value) && value.every((v) => allowed.includes(v)) && new Set(value).size === value.length
			? Object.freeze([...value])
			: fail(name, `a list of ${allowed.map((a) => JSON.stringify(a)).join(", ")} without repeats`);
}

/** A list of origins such as `https://partner.example` (scheme, host and port only). */
export const origins: Check<readonly string[]> = (value, name) => {
	if (!Array.isArray(value)) fail(name, "a list of origins");
	return Object.freeze(
		value.map((origin: unknown) => {
			try {
				if (typeof origin === "string" && new URL(origin).origin === origin) return origin;
			} catch {
				// refused below
			}
			return fail(name, 'a list of origins such as "https://app.example" (no path, no trailing slash)');
		})
	);
};

/** Any non-null object. */
export function object<T>(): Check<T> {
	return (value, name) => (typeof value === "object" && value !== null ? (value as T) : fail(name, "an object"));
}

/** A non-empty string. */
export const text: Check<string> = (value, name) => (typeof value === "string" && value.length > 0 ? value : fail(name, "a non-empty string"));

/** A flow switch: `true`/`false`, or `{ maxAgeSeconds }` (on, with that lifetime for its links). */
export function flowSwitch(defaultMaxAgeSeconds: number): Check<{ enabled: boolean; maxAgeSeconds: number }> {
	return (value, name) => {
		if (typeof value === "boolean") return { enabled: value, maxAgeSeconds: defaultMaxAgeSeconds };
		if (typeof value === "object" && value !== null && !Array.isArray(value)) {
			for (const key of Object.keys(value)) if (key !== "maxAgeSeconds") fail(`${name}`, `true, false or { maxAgeSeconds } (unknown key "${key}")`);
			const maxAge = (value as { maxAgeSeconds?: unknown }).maxAgeSeconds;
			return { enabled: true, maxAgeSeconds: maxAge === undefined ? defaultMaxAgeSeconds : seconds(maxAge, `${name}.maxAgeSeconds`) };
		}
		return fail(name, "true, false or { maxAgeSeconds }");
	};
}

/** An origin such as `https://app.example`. */
export const origin: Check<string> = (value, name) => {
	try {
		if (typeof value === "string" && new URL(value).origin === value && /^https?:/.test(value)) return value;
	} catch {
		// refused below
	}
	return fail(name, 'an origin such as "https://app.example" (scheme and host, no path)');
};

/** `twoFactor: { issuer }`: the name authenticator apps show. */
export const twoFactorOptions: Check<{ issuer: string }> = (value, name) => {
	if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(name, "an object such as { issuer: \"My App\" }");
	for (const key of Object.keys(value)) if (key !== "issuer") fail(name, `{ issuer } (unknown key "${key}")`);
	const issuer = (value as { issuer?: unknown }).issuer;
	if (typeof issuer !== "string" || issuer.trim() === "" || issuer.includes(":") || issuer.length > 64) {
		return fail(`${name}.issuer`, "a name of 1-64 characters without a colon (authenticator apps show it)");
	}
	return { issuer: issuer.trim() };
};

/**
 * `passkeys: { rpId, rpName, origins }`. The relying party comes from options only, never from a
 * request: `rpId` must be a host name that is the host of every origin or a parent domain of it.
 */
export const passkeyOptions: Check<{ rpId: string; rpName: string; origins: readonly string[] }> = (value, name) => {
	if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(name, "an object { rpId, rpName, origins }");
	for (const key of Object.keys(value)) if (!["rpId", "rpName", "origins"].includes(key)) fail(name, `{ rpId, rpName, origins } (unknown key "${key}")`);
	const { rpId, rpName, origins: list } = value as { rpId?: unknown; rpName?: unknown; origins?: unknown };
	if (typeof rpId !== "string" || !/^(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)$/.test(rpId)) {
		fail(`${name}.rpId`, 'a lower-case host name such as "app.example" or "example.com" (no scheme, port or path)');
	}
	if (typeof rpName !== "string" || rpName.trim() === "" || rpName.length > 64) fail(`${name}.rpName`, "a name of 1-64 characters");
	if (!Array.isArray(list) || list.length === 0) fail(`${name}.origins`, 'a non-empty list of origins such as ["https://app.example"]');
	const checked = (list as unknown[]).map((entry) => origin(entry, `${name}.origins`));
	for (const entry of checked) {
		const url = new URL(entry);
		if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) fail(`${name}.rpId`, `the host of every origin or a parent domain of it ("${url.hostname}" is neither)`);
		if (url.protocol !== "https:" && url.hostname !== "localhost") fail(`${name}.origins`, "https origins (http only for localhost)");
	}
	return Object.freeze({ rpId: rpId as string, rpName: (rpName as string).trim(), origins: Object.freeze(checked) });
};
