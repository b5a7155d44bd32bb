/** A fetch-style handler: takes a Request (plus whatever the host passes) and returns a Response. */
export type Handler<R extends Request = Request, A extends unknown[] = any[]> = (
	request: R,
	...rest: A
) => Response | Promise<Response>;

/** A role requirement: a role name, or a list of names of which any one suffices. */
export type RoleRequirement = string | readonly string[];

/** The authentication mechanisms `authRequired` understands, in the order they are tried. */
export type AuthMethod = "token" | "session" | "basic";

/** How the current user of a request was authenticated. */
export type AuthSource = "session" | "remember" | "token" | "basic";

/** Fields every user exposes to handlers, authenticated or not. */
export interface UserFlags {
	readonly isAuthenticated: boolean;
	readonly isAnonymous: boolean;
	readonly isActive: boolean;
	readonly roles: readonly string[];
}

/** The anonymous user: `isAuthenticated: false`, no roles. Replaceable with the `anonymousUser` option. */
export interface AnonymousUser extends UserFlags {
	readonly isAuthenticated: false;
	readonly isAnonymous: true;
	readonly isActive: false;
	readonly [key: string]: unknown;
}

/** A user record as the store returns it. */
export interface UserRecord {
	id: string;
	password: string;
	active: boolean;
	uniquifier: string;
	roles: string[];
	createdAt: Date;
	updatedAt?: Date;
	lastLoginAt?: Date | null;
	currentLoginAt?: Date | null;
	lastLoginAddress?: string | null;
	currentLoginAddress?: string | null;
	loginCount?: number;
	/** The identity field (`username` by default, or `email`) and any other column. */
	[field: string]: unknown;
}

/** An authenticated user: the store's record plus the flags. `password` and `uniquifier` are not enumerable. */
export type AuthenticatedUser = UserRecord &
	UserFlags & {
		readonly isAuthenticated: true;
		readonly isAnonymous: false;
	};

/** What `getCurrentUser` returns. */
export type CurrentUser = AuthenticatedUser | AnonymousUser;

/** A role record. */
export interface RoleRecord {
	id: string;
	name: string;
	description?: string | null;
}
