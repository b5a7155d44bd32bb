import type { UserView } from "./events.js";
import type { AnonymousUser, AuthenticatedUser, CurrentUser, RoleRequirement, UserRecord } from "./types.js";

/**
 * The class of authenticated users. `password` and `uniquifier` are read through the prototype from
 * the record the user was made of (a private field), so they stay readable but are neither own nor
 * enumerable: `JSON.stringify(user)`, a spread, `Object.keys` and `util.inspect` never show them.
 * Assigning either makes it an own, non-enumerable property of that one user. Every other field is
 * an own, enumerable copy, so a handler's change to its user never reaches the record or the next
 * request. (Defining the two hidden fields on each user instead costs more than the rest of a
 * cached guarded request: two runtime calls, and a slow object shape.)
 */
class AuthenticatedUserObject {
	readonly #record: UserRecord;
	constructor(record: UserRecord) {
		this.#record = record;
	}
	// `#record in this`: read through a user's prototype chain (Object.create(user)), there is no record.
	get password(): unknown {
		return #record in this ? this.#record.password : undefined;
	}
	set password(value: unknown) {
		hide(this, "password", value);
	}
	get uniquifier(): unknown {
		return #record in this ? this.#record.uniquifier : undefined;
	}
	set uniquifier(value: unknown) {
		hide(this, "uniquifier", value);
	}
}

function hide(user: object, key: "password" | "uniquifier", value: unknown): void {
	Object.defineProperty(user, key, { value, enumerable: false, writable: true, configurable: true });
}

/** Whether `key` of a record becomes an own field of its user (the hidden two are read from the record). */
const isPublicField = (record: UserRecord, key: string): boolean => key !== "password" && key !== "uniquifier" && Object.hasOwn(record, key);

/** The authenticated view of a store record: its fields, `roles` copied, and the flags. */
export function toAuthenticatedUser(record: UserRecord): AuthenticatedUser {
	const user = new AuthenticatedUserObject(record) as unknown as Record<string, unknown>;
	for (const key in record) {
		if (isPublicField(record, key)) user[key] = record[key];
	}
	user.roles = record.roles ? record.roles.slice() : [];
	user.isAuthenticated = true;
	user.isAnonymous = false;
	user.isActive = record.active;
	return user as unknown as AuthenticatedUser;
}

/**
 * A record's user fields, gathered once, from which {@link fromUserTemplate} makes each request's
 * user in one copy. Tied to one record: the user cache keeps it with the record and drops both
 * together when the user changes.
 */
export interface UserTemplate {
	readonly record: UserRecord;
	readonly fields: Readonly<Record<string, unknown>>;
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
	return { record, fields };
}

/** A new user from a template: equal to `toAuthenticatedUser(template.record)`, field order included. */
export function fromUserTemplate(template: UserTemplate): AuthenticatedUser {
	const user = Object.assign(new AuthenticatedUserObject(template.record), template.fields) as unknown as Record<string, unknown>;
	user.roles = template.record.roles ? template.record.roles.slice() : [];
	return user as unknown as AuthenticatedUser;
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
