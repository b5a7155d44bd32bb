export { createKyselyStore } from "./store.js";
export type { KyselyStoreOptions } from "./store.js";
export { withPreparedStatements } from "./prepared-statements.js";
export type { PreparablePool } from "./prepared-statements.js";
export type { IdentityTableOptions } from "./options.js";
export { createIdentityMigrations, createIdentityMigrator, identityMigrations, identityMigrationTables, migrateToLatest, openMigratedDatabase } from "./migrations.js";
export type {
	IdentityDatabase,
	LoginAttemptTable,
	PasskeyTable,
	RecoveryCodeTable,
	RoleTable,
	TwoFactorTable,
	UsedTokenTable,
	UserRoleTable,
	UserTable
} from "./schema.js";
