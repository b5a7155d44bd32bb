import type { Generated } from "kysely";

/**
 * The users table (`identity_users` with the default prefix). Times are Unix epoch milliseconds
 * (BIGINT) on every dialect; the store turns them into `Date`s. The identity column is named by
 * the `identityField` option (`username` here, the default) and comes with a `<field>_key`
 * column: the case-folded form that lookups and the unique index use.
 */
export interface UserTable {
	id: string;
	username: string;
	username_key: string;
	password: string;
	active: Generated<boolean>;
	uniquifier: string;
	created_at: number;
	updated_at: number;
	last_login_at: number | null;
	current_login_at: number | null;
	last_login_address: string | null;
	current_login_address: string | null;
	login_count: Generated<number>;
}

/** The roles table (`identity_roles`). Role names are compared exactly (case-sensitive). */
export interface RoleTable {
	id: string;
	name: string;
	description: string | null;
}

/** The user-role links (`identity_user_roles`); both foreign keys cascade on delete. */
export interface UserRoleTable {
	user_id: string;
	role_id: string;
}

/** The login rate limiter's failure counters (`identity_login_attempts`). */
export interface LoginAttemptTable {
	key: string;
	count: number;
	reset_at: number;
}

/**
 * The tables with the default `identity_` prefix and `username` identity field, for typed
 * queries of your own (`Kysely<IdentityDatabase & YourDatabase>`).
 */
export interface IdentityDatabase {
	identity_users: UserTable;
	identity_roles: RoleTable;
	identity_user_roles: UserRoleTable;
	identity_login_attempts: LoginAttemptTable;
}
