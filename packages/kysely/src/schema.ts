import type { Generated } from "kysely";

/**
 * The users table (`identity_users` with the default prefix). Times are Unix epoch milliseconds
 * (BIGINT) on every dialect; the store turns them into `Date`s. The identity column is named by
 * the `identityField` option (`username` here, the default) and comes with a `<field>_key`
 * column: the case-folded form that lookups and the unique index use. The email address has
 * the same pair (`email`, `email_key`, unique, both null when no address is stored), except
 * with `identityField: "email"`, where the identity columns are the email columns.
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
	email: string | null;
	email_key: string | null;
	/** When the email address was confirmed; null until then. */
	confirmed_at: number | null;
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

/** Consumed single-use tokens (`identity_used_tokens`), kept until they expire. */
export interface UsedTokenTable {
	key: string;
	expires_at: number;
}

/** TOTP two-factor state (`identity_two_factor`), one row per user; cascades on user delete. */
export interface TwoFactorTable {
	user_id: string;
	/** Encrypted by the identity before it reaches the store. */
	secret: string;
	enabled_at: number | null;
	last_step: Generated<number>;
	updated_at: number;
}

/** Unused recovery codes (`identity_recovery_codes`) as keyed hashes; cascade on user delete. */
export interface RecoveryCodeTable {
	user_id: string;
	code_hash: string;
}

/** Passkeys (`identity_passkeys`): WebAuthn credentials by credential id; cascade on user delete. */
export interface PasskeyTable {
	/** The credential id, base64url (case-sensitive). */
	id: string;
	user_id: string;
	name: string;
	public_key: string;
	algorithm: number;
	counter: number;
	/** A JSON array of transport hints. */
	transports: string;
	created_at: number;
	last_used_at: number | null;
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
	identity_used_tokens: UsedTokenTable;
	identity_two_factor: TwoFactorTable;
	identity_recovery_codes: RecoveryCodeTable;
	identity_passkeys: PasskeyTable;
}
