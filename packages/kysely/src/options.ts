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
	"login_count"
] as const;

const reservedColumns = new Set<string>(["id", "roles", ...userColumns]);

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
		attempts: `${prefix}login_attempts`
	};
}
