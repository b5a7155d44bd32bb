import type { UserView } from "./events.js";
import type { AnonymousUser, AuthenticatedUser, CurrentUser, RoleRequirement, UserRecord } from "./types.js";

/** The descriptors of the two hidden fields: readable and writable, never enumerated. */
interface HiddenFields {
	readonly password: PropertyDescriptor;
	readonly uniquifier: PropertyDescriptor;
}

const hiddenFieldsOf = (record: UserRecord): HiddenFields => ({
	password: { value: record.password, enumerable: false, writable: true, configurable: true },
	uniquifier: { value: record.uniquifier, enumerable: false, writable: true, configurable: true }
});

/**
 * A new plain object carrying the hidden fields. They are defined first, on the empty object, so
 * that every user takes the same shape transitions (adding them after the other fields costs a
 * slow shape). Plain objects matter beyond speed: React Server Components and devalue refuse class
 * instances, and applications pass the current user to them.
 */
function withHiddenFields(hidden: HiddenFields): Record<string, unknown> {
	const user: Record<string, unknown> = {};
	Object.defineProperty(user, "password", hidden.password);
	Object.defineProperty(user, "uniquifier", hidden.uniquifier);
	return user;
}

/** Whether `key` of a record becomes an enumerable field of its user (the hidden two are not). */
const isPublicField = (record: UserRecord, key: string): boolean => key !== "password" && key !== "uniquifier" && Object.hasOwn(record, key);

/**
 * The authenticated view of a store record: a plain object with the record's fields, `roles`
 * copied, and the flags. `password` and `uniquifier` stay readable and writable but are not
 * enumerable, so `JSON.stringify(user)`, a spread, `Object.keys` or `util.inspect` never show them.
 */
export function toAuthenticatedUser(record: UserRecord): AuthenticatedUser {
	const user = withHiddenFields(hiddenFieldsOf(record));
	for (const key in record) {
		if (isPublicField(record, key)) user[key] = record[key];
	}
	user.roles = record.roles ? record.roles.slice() : [];
	user.isAuthenticated = true;
	user.isAnonymous = false;
	user.isActive = record.active;
	return user as AuthenticatedUser;
}

/**
 * A record's user fields and hidden-field descriptors, gathered once, from which
 * {@link fromUserTemplate} makes each request's user in one copy. Tied to one record: the user
 * cache keeps it with the record and drops both together when the user changes.
 */
export interface UserTemplate {
	readonly record: UserRecord;
	readonly fields: Readonly<Record<string, unknown>>;
	readonly hidden: HiddenFields;
}

/**
 * What a user is made from: the user cache's template of a record, or a record itself (a store
 * lookup's). The two functions below are the only places that tell them apart.
 */
export type UserSource = UserTemplate | UserRecord;

/** The record a user is made from. */
export function recordOf(source: UserSource): UserRecord {
	return source instanceof Template ? source.record : (source as UserRecord);
}

/** A new user from its source (see {@link fromUserTemplate} and {@link toAuthenticatedUser}). */
export function userFrom(source: UserSource): AuthenticatedUser {
	return source instanceof Template ? fromUserTemplate(source) : toAuthenticatedUser(source as UserRecord);
}

// A class only so that templates are told apart from records by `instanceof` (a record may carry
// any field name); it never leaves core.
class Template implements UserTemplate {
	readonly record: UserRecord;
	readonly fields: Readonly<Record<string, unknown>>;
	readonly hidden: HiddenFields;
	constructor(record: UserRecord, fields: Readonly<Record<string, unknown>>, hidden: HiddenFields) {
		this.record = record;
		this.fields = fields;
		this.hidden = hidden;
	}
}

/** The template of `record` (see {@link UserTemplate}). */
export function toUserTemplate(record: UserRecord): UserTemplate {
	const fields: Record<string, unknown> = {};
	for (const key in record) {
		if (isPublicField(record, key)) fields[key] = record[key];
	}
	// Each user gets its own copy of the roles; the placeholder keeps the field order of toAuthenticatedUser.
	fields.roles = null;
	fields.isAuthenticated = true;
	fields.isAnonymous = false;
	fields.isActive = record.active;
	return new Template(record, fields, hiddenFieldsOf(record));
}

/** A new user from a template: equal to `toAuthenticatedUser(template.record)`, field order included. */
export function fromUserTemplate(template: UserTemplate): AuthenticatedUser {
	const user = Object.assign(withHiddenFields(template.hidden), template.fields);
	user.roles = template.record.roles ? template.record.roles.slice() : [];
	return user as AuthenticatedUser;
}

/** Whether a value is an authenticated user (as opposed to the anonymous user or a bare record). */
export function isAuthenticatedUser(user: unknown): user is AuthenticatedUser {
	return typeof user === "object" && user !== null && (user as CurrentUser).isAuthenticated === true;
}

/** Whether `user` is the anonymous user (or any object flagged anonymous). */
export function isAnonymousUser(user: unknown): user is AnonymousUser {
	return typeof user === "object" && user !== null && (user as CurrentUser).isAnonymous === true;
}

/**
 * Flask-Identity's rule: every requirement must hold; a requirement is a role name, or a list of names of
 * which any one suffices. No requirements: true for any user. The anonymous user has no roles.
 */
export function hasRoles(user: CurrentUser | UserRecord | null | undefined, ...requirements: RoleRequirement[]): boolean {
	if (!user || isAnonymousUser(user)) return false;
	const list = user.roles ?? [];
	// A guard checks this on every request: a short list is searched in place, a long one through a Set.
	const has: (role: string) => boolean = list.length <= 16 ? (role) => list.includes(role) : ((roles) => (role: string) => roles.has(role))(new Set(list));
	return requirements.every((requirement) => (typeof requirement === "string" ? has(requirement) : Array.isArray(requirement) && requirement.some(has)));
}

/** Whether the user is active (records without the flag count as active, as in Flask-Identity). */
export function isActiveRecord(user: UserRecord | CurrentUser): boolean {
	if (isAnonymousUser(user)) return false;
	const active = (user as UserRecord).active;
	return active === undefined ? true : active === true;
}

/** A user for event hooks: a plain copy without the password hash and the uniquifier. */
export function toUserView(user: UserRecord | AuthenticatedUser): UserView {
	const view: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(user)) {
		if (key !== "password" && key !== "uniquifier" && key !== "isAuthenticated" && key !== "isAnonymous" && key !== "isActive") view[key] = value;
	}
	view.roles = [...(user.roles ?? [])];
	return view as UserView;
}
