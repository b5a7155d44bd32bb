import type { UserView } from "./events.js";
import type { AnonymousUser, AuthenticatedUser, CurrentUser, RoleRequirement, UserRecord } from "./types.js";

const hidden = ["password", "uniquifier"] as const;

/**
 * The authenticated view of a store record. `password` and `uniquifier` stay readable but are not
 * enumerable, so `JSON.stringify(user)` or a spread never leaks them.
 */
export function toAuthenticatedUser(record: UserRecord): AuthenticatedUser {
	// Runs on every guarded request: a plain loop and two literal keys, no entries array.
	const user: Record<string, unknown> = {};
	for (const key in record) {
		if (key !== "password" && key !== "uniquifier" && Object.hasOwn(record, key)) user[key] = record[key];
	}
	for (const key of hidden) {
		Object.defineProperty(user, key, { value: record[key], enumerable: false, writable: true, configurable: true });
	}
	user.roles = record.roles ? record.roles.slice() : [];
	user.isAuthenticated = true;
	user.isAnonymous = false;
	user.isActive = record.active;
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
	const roles = new Set(user.roles ?? []);
	return requirements.every((requirement) =>
		typeof requirement === "string" ? roles.has(requirement) : Array.isArray(requirement) && requirement.some((r) => roles.has(r))
	);
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
