import { type Dialect, Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from "kysely";
import { StoreError } from "@identity/core";
import { createIndex, mysqlBinaryCollation } from "./internal/ddl.js";
import { detectDialect } from "./internal/dialect.js";
import { guard } from "./internal/errors.js";
import { accountFlowsMigration, secondFactorsMigration, usedTokensMigration } from "./internal/migrations-upgrades.js";
import { type IdentityTableOptions, type TableNames, resolveTableNames } from "./options.js";
import type { IdentityDatabase } from "./schema.js";

function tablesMigration(n: TableNames): Migration {
	return {
		async up(db) {
			const dialect = detectDialect(db);
			const mysql = dialect === "mysql";
			const options = mysql ? sql.raw(`default character set utf8mb4 collate ${await mysqlBinaryCollation(db)}`) : sql``;
			const id = "varchar(32)" as const;
			await db.schema
				.createTable(n.users)
				.ifNotExists()
				.addColumn("id", id, (c) => c.primaryKey())
				.addColumn(n.identityField, "varchar(320)", (c) => c.notNull())
				.addColumn(n.identityKey, "varchar(320)", (c) => c.notNull())
				.addColumn("password", "text", (c) => c.notNull())
				.addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
				.addColumn("uniquifier", "varchar(255)", (c) => c.notNull())
				.addColumn("created_at", "bigint", (c) => c.notNull())
				.addColumn("updated_at", "bigint", (c) => c.notNull())
				.addColumn("last_login_at", "bigint")
				.addColumn("current_login_at", "bigint")
				.addColumn("last_login_address", "varchar(255)")
				.addColumn("current_login_address", "varchar(255)")
				.addColumn("login_count", "integer", (c) => c.notNull().defaultTo(0))
				.addUniqueConstraint(`${n.users}_${n.identityKey}_unique`, [n.identityKey])
				.addUniqueConstraint(`${n.users}_uniquifier_unique`, ["uniquifier"])
				.modifyEnd(options)
				.execute();
			await createIndex(db, mysql, `${n.users}_created_at_index`, n.users, ["created_at", "id"]);
			await db.schema
				.createTable(n.roles)
				.ifNotExists()
				.addColumn("id", id, (c) => c.primaryKey())
				.addColumn("name", "varchar(255)", (c) => c.notNull())
				.addColumn("description", "text")
				.addUniqueConstraint(`${n.roles}_name_unique`, ["name"])
				.modifyEnd(options)
				.execute();
			await db.schema
				.createTable(n.userRoles)
				.ifNotExists()
				.addColumn("user_id", id, (c) => c.notNull())
				.addColumn("role_id", id, (c) => c.notNull())
				.addPrimaryKeyConstraint(`${n.userRoles}_pk`, ["user_id", "role_id"])
				.addForeignKeyConstraint(`${n.userRoles}_user_fk`, ["user_id"], n.users, ["id"], (c) => c.onDelete("cascade"))
				.addForeignKeyConstraint(`${n.userRoles}_role_fk`, ["role_id"], n.roles, ["id"], (c) => c.onDelete("cascade"))
				.modifyEnd(options)
				.execute();
			await createIndex(db, mysql, `${n.userRoles}_role_id_index`, n.userRoles, ["role_id"]);
			await db.schema
				.createTable(n.attempts)
				.ifNotExists()
				.addColumn("key", "varchar(512)", (c) => c.primaryKey())
				.addColumn("count", "integer", (c) => c.notNull())
				.addColumn("reset_at", "bigint", (c) => c.notNull())
				.modifyEnd(options)
				.execute();
			await createIndex(db, mysql, `${n.attempts}_reset_at_index`, n.attempts, ["reset_at"]);
		},
		async down(db) {
			for (const table of [n.attempts, n.userRoles, n.roles, n.users]) await db.schema.dropTable(table).ifExists().execute();
		}
	};
}

/**
 * The identity tables as a Kysely `MigrationProvider`, for tables with a custom prefix or
 * identity field. Hand it to Kysely's own `Migrator` (with its own `migrationTableName`, or
 * Kysely reports your migrations and these as missing from each other).
 * @throws InvalidOptionsError (`ERR_INVALID_OPTIONS`) for bad names.
 */
export function createIdentityMigrations(options: IdentityTableOptions = {}): MigrationProvider {
	const names = resolveTableNames(options);
	// Append only: a released migration is never edited, so databases made by any release upgrade.
	return {
		getMigrations: async () => ({
			identity_0001_tables: tablesMigration(names),
			identity_0002_account_flows: accountFlowsMigration(names),
			identity_0003_used_tokens: usedTokensMigration(names),
			identity_0004_second_factors: secondFactorsMigration(names)
		})
	};
}

/**
 * The identity tables with the default names (`identity_users`, ... and a `username` column).
 * Migrations: `identity_0001_tables` (users, roles, links, login attempts),
 * `identity_0002_account_flows` (email and confirmation columns), `identity_0003_used_tokens`,
 * `identity_0004_second_factors` (two-factor state, recovery codes, passkeys).
 */
export const identityMigrations: MigrationProvider = createIdentityMigrations();

/** The Kysely migration bookkeeping tables {@link migrateToLatest} uses: one pair per table prefix. */
export function identityMigrationTables(options: IdentityTableOptions = {}): { migrationTableName: string; migrationLockTableName: string } {
	const { prefix } = resolveTableNames(options);
	return { migrationTableName: `${prefix}identity_migration`, migrationLockTableName: `${prefix}identity_migration_lock` };
}

/**
 * A Kysely `Migrator` over the identity migrations with the bookkeeping tables of
 * {@link identityMigrationTables}, pinned to the current schema on PostgreSQL (Kysely otherwise
 * finds those tables in any schema, so a second schema on the server would never be migrated).
 * @throws StoreError (`ERR_STORE`) when the database cannot be reached.
 */
export async function createIdentityMigrator(db: Kysely<any>, options: IdentityTableOptions = {}): Promise<Migrator> {
	const provider = createIdentityMigrations(options);
	const migrationTableSchema =
		detectDialect(db) === "postgres"
			? await guard("identity migrations", async () => (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema ?? undefined)
			: undefined;
	return new Migrator({ db, provider, ...identityMigrationTables(options), migrationTableSchema });
}

/**
 * Creates or updates the identity tables (idempotent: applied migrations are recorded and
 * skipped, and every table and index is created only if missing). Returns Kysely's result set.
 * @throws StoreError (`ERR_STORE`) when a migration fails; the driver error is the `cause`.
 * @example
 * await migrateToLatest(db);
 * const store = createKyselyStore(db);
 */
export async function migrateToLatest(db: Kysely<any>, options: IdentityTableOptions = {}): Promise<MigrationResultSet> {
	const result = await (await createIdentityMigrator(db, options)).migrateToLatest();
	if (result.error) throw new StoreError("Store failure: identity migrations failed", { cause: result.error });
	return result;
}

/**
 * A Kysely instance on `dialect`, migrated to the latest identity schema: what every embedded
 * database entry point (better-sqlite3, `bun:sqlite`) returns. Destroyed again if migrating fails.
 */
export async function openMigratedDatabase(dialect: Dialect, options: IdentityTableOptions = {}): Promise<Kysely<IdentityDatabase>> {
	const db = new Kysely<IdentityDatabase>({ dialect });
	try {
		await migrateToLatest(db, options);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	return db;
}
