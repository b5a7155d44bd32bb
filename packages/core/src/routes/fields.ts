import type { BodyFields } from "./body.js";

/** The longest identity value accepted (an email address is at most 254). */
export const maxIdentityLength = 320;
/** The longest password accepted: longer ones are refused before any hashing work. */
export const maxPasswordLength = 1024;
/** The longest `next` or CSRF token read from a body; longer `next` values fall back. */
const maxShortFieldLength = 4096;

const trueValues = new Set(["true", "on", "1", "y", "yes"]);
const falseValues = new Set(["false", "", "0", "off", "n", "no"]);

/** The login fields after validation. */
export interface LoginFields {
	identity: string;
	password: string;
	remember: boolean;
	next: string | null;
	csrfToken: string | null;
}

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

function field(fields: BodyFields, name: string): unknown {
	return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** An optional string field: absent is null; a non-string or an oversized value is an error. */
export function optionalString(fields: BodyFields, name: string, errors: FieldErrors): string | null {
	const value = field(fields, name);
	if (value === undefined || value === null) return null;
	if (typeof value !== "string") {
		errors[name] = ["Must be a single text value."];
		return null;
	}
	if (value.length > maxShortFieldLength) {
		errors[name] = ["Is too long."];
		return null;
	}
	return value;
}

function requiredString(fields: BodyFields, name: string, max: number, errors: FieldErrors, label: string): string {
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

/** A label for the identity field: `email` -> `Email`. */
export function fieldLabel(name: string): string {
	const spaced = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
	return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * Validates a login body: the identity field and `password` are required non-empty strings within
 * their length caps, `remember` parses with {@link parseRemember}, `next` and `csrf_token` are
 * optional strings. Returns the values, or the errors keyed by field name.
 */
export function validateLoginFields(
	fields: BodyFields,
	identityField: string
): { ok: true; values: LoginFields } | { ok: false; errors: FieldErrors; identity: string } {
	const errors: FieldErrors = {};
	const identity = requiredString(fields, identityField, maxIdentityLength, errors, fieldLabel(identityField));
	const password = requiredString(fields, "password", maxPasswordLength, errors, "Password");
	const remember = parseRemember(field(fields, "remember"));
	if (remember === null) errors.remember = ["Remember me must be true or false."];
	const next = optionalString(fields, "next", errors);
	const csrfToken = optionalString(fields, "csrf_token", errors);
	if (Object.keys(errors).length > 0) return { ok: false, errors, identity };
	return { ok: true, values: { identity, password, remember: remember ?? false, next, csrfToken } };
}
