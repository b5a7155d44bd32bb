export { createKyselyStore } from "./store.js";
export type { KyselyStoreOptions } from "./store.js";
export type { IdentityTableOptions } from "./options.js";
export { createIdentityMigrations, createIdentityMigrator, identityMigrations, identityMigrationTables, migrateToLatest, openMigratedDatabase } from "./migrations.js";
export type { IdentityDatabase, LoginAttemptTable, RoleTable, UserRoleTable, UserTable } from "./schema.js";
