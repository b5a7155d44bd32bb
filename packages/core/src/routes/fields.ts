import type { BodyFields } from "../http/body.js";
import { MAX_IDENTITY_LENGTH, MAX_NEXT_LENGTH } from "../options/limits.js";
import { isAcceptablePassword } from "../password/index.js";

/** The longest CSRF token read from a body. */
const MAX_TOKEN_FIELD_LENGTH = 4096;

const trueValues = new Set(["true", "on", "1", "y", "yes"]);
const falseValues = new Set(["false", "", "0", "off", "n", "no"]);

/** Validation messages per field name. */
export type FieldErrors = Record<string, string[]>;

/**
 * Parses `remember`: `true`, `"true"`, `"on"`, `"1"`, `"y"`, `"yes"` (any case) and the number 1
 * are true; `false`, `""`, `"0"`, `"off"`, `"n"`, `"no"`, the number 0 and absence are false;
 * anything else is invalid (null).
 */
export function parseRemember(value: unknown): boolean | null {
	if (value === undefined || value === null || value === false || value === 0) return false;
	if (value === true || value === 1) return true;
	if (typeof value !== "string") return null;
	const folded = value.trim().toLowerCase();
	if (trueValues.has(folded)) return true;
	if (falseValues.has(folded)) return false;
	return null;
}

/** A field's own value (never an inherited one such as `__proto__`). */
export function field(fields: BodyFields, name: string): unknown {
	return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/**
 * The `next` field: a string of at most {@link MAX_NEXT_LENGTH} characters, else null. Never an
 * error: a refused `next` falls back to the configured view like an unsafe one.
 */
export function readNext(fields: BodyFields, request?: Request): string | null {
	const value = field(fields, "next") ?? (request ? new URL(request.url).searchParams.get("next") : null);
	return typeof value === "string" && value.length <= MAX_NEXT_LENGTH ? value : null;
}

/** The `csrf_token` field, or null when absent, not a string or oversized. */
export function readCsrfField(fields: BodyFields): string | null {
	const value = field(fields, "csrf_token");
	return typeof value === "string" && value.length <= MAX_TOKEN_FIELD_LENGTH ? value : null;
}

/** A required text field: a non-empty single string within `max` characters; errors are recorded. */
export function requiredString(fields: BodyFields, name: string, max: number, errors: FieldErrors, label: string): string {
	const value = field(fields, name);
	if (value === undefined || value === null || value === "") {
		errors[name] = [`${label} is required.`];
		return "";
	}
	if (typeof value !== "string") {
		errors[name] = [`${label} must be a single text value.`];
		return "";
	}
	if (value.length > max) {
		errors[name] = [`${label} must be at most ${max} characters.`];
		return "";
	}
	return value;
}

/** A required password: a single non-empty string of at most `MAX_PASSWORD_BYTES` bytes after NFKD normalisation. */
export function requiredPassword(fields: BodyFields, name: string, errors: FieldErrors, label = "Password"): string {
	const value = requiredString(fields, name, 4 * 1024, errors, label);
	if (value && !isAcceptablePassword(value)) {
		errors[name] = [`${label} is too long.`];
		return "";
	}
	return value;
}

/** A label for the identity field: `email` -> `Email`. */
export function fieldLabel(name: string): string {
	const spaced = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The login fields after validation. */
export interface LoginFields {
	identity: string;
	password: string;
	remember: boolean;
}

/**
 * Validates a login body: the identity field and `password` are required non-empty strings within
 * their limits, `remember` parses with {@link parseRemember}. Returns the values, or the errors
 * keyed by field name (with what can be refilled).
 */
export function validateLoginFields(
	fields: BodyFields,
	identityField: string
): { ok: true; values: LoginFields } | { ok: false; errors: FieldErrors; identity: string; remember: boolean } {
	const errors: FieldErrors = {};
	const identity = requiredString(fields, identityField, MAX_IDENTITY_LENGTH, errors, fieldLabel(identityField));
	const password = requiredPassword(fields, "password", errors);
	const remember = parseRemember(field(fields, "remember"));
	if (remember === null) errors.remember = ["Remember me must be true or false."];
	if (Object.keys(errors).length > 0) {
		const raw = field(fields, identityField);
		return { ok: false, errors, identity: typeof raw === "string" ? raw.slice(0, MAX_IDENTITY_LENGTH) : "", remember: remember ?? false };
	}
	return { ok: true, values: { identity, password, remember: remember ?? false } };
}
