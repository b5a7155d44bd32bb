import { InvalidOptionsError } from "@identity/core";

/** Options shared by {@link createKyselyStore}, {@link createIdentityMigrations} and {@link migrateToLatest}. */
export interface IdentityTableOptions {
	/** The user field people log in with, and the name of its column. Default `"username"`. */
	identityField?: string;
	/**
	 * Prepended to every table, index and constraint name. Default `"identity_"`, so the tables
	 * (`identity_users`, ...) never collide with an application's own `users` table.
	 */
	tablePrefix?: string;
}

/** The table and column names in use, resolved once. */
export interface TableNames {
	identityField: string;
	identityKey: string;
	prefix: string;
	users: string;
	roles: string;
	userRoles: string;
	attempts: string;
	usedTokens: string;
	twoFactor: string;
	recoveryCodes: string;
	passkeys: string;
	/** Whether the email address has columns of its own (`email`, `email_key`): false with `identityField: "email"`. */
	separateEmail: boolean;
	/** The email column: `email`, or the identity column when the identity field is `email`. */
	emailColumn: string;
	/** The case-folded email column that lookups and the unique index use. */
	emailKey: string;
}

/** The defaults, in one place. */
export const defaultTableOptions = { identityField: "username", tablePrefix: "identity_" } as const;

/** The users table's columns besides `id` and the identity field, in the order the store selects them. */
export const userColumns = [
	"password",
	"active",
	"uniquifier",
	"created_at",
	"updated_at",
	"last_login_at",
	"current_login_at",
	"last_login_address",
	"current_login_address",
	"login_count",
	"confirmed_at"
] as const;

// `email` stays allowed: it is the common identity field, and then has no column of its own.
const reservedColumns = new Set<string>(["id", "roles", "email_key", ...userColumns]);

/**
 * Validates the options and derives every name. Names are interpolated into SQL, so they are
 * restricted to lowercase snake_case identifiers.
 * @throws InvalidOptionsError (`ERR_INVALID_OPTIONS`) for an unsafe or reserved name.
 */
export function resolveTableNames(options: IdentityTableOptions = {}): TableNames {
	const identityField = options.identityField ?? defaultTableOptions.identityField;
	const prefix = options.tablePrefix ?? defaultTableOptions.tablePrefix;
	if (!/^[a-z][a-z0-9_]{0,39}$/.test(identityField) || reservedColumns.has(identityField)) {
		throw new InvalidOptionsError("identityField must be a lowercase snake_case name that is not a built-in column");
	}
	if (!/^(?:[a-z][a-z0-9_]{0,23})?$/.test(prefix)) {
		throw new InvalidOptionsError("tablePrefix must be empty or a lowercase snake_case name of at most 24 characters");
	}
	return {
		identityField,
		identityKey: `${identityField}_key`,
		prefix,
		users: `${prefix}users`,
		roles: `${prefix}roles`,
		userRoles: `${prefix}user_roles`,
		attempts: `${prefix}login_attempts`,
		usedTokens: `${prefix}used_tokens`,
		twoFactor: `${prefix}two_factor`,
		recoveryCodes: `${prefix}recovery_codes`,
		passkeys: `${prefix}passkeys`,
		separateEmail: identityField !== "email",
		emailColumn: "email",
		emailKey: "email_key"
	};
}
