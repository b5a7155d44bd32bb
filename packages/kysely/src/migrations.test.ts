import Database from "better-sqlite3";
import { Kysely, Migrator, NO_MIGRATIONS, SqliteDialect, sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { type ServerKind, type TestDatabase, openTestDatabase, testServer } from "../test/databases.js";
import { detectDialect } from "./internal/dialect.js";
import { createIdentityMigrations, createIdentityMigrator, createKyselyStore, identityMigrations, identityMigrationTables, migrateToLatest } from "./index.js";

const expectedColumns = {
	identity_users: [
		"active",
		"confirmed_at",
		"created_at",
		"current_login_address",
		"current_login_at",
		"email",
		"email_key",
		"id",
		"last_login_address",
		"last_login_at",
		"login_count",
		"password",
		"uniquifier",
		"updated_at",
		"username",
		"username_key"
	],
	identity_roles: ["description", "id", "name"],
	identity_user_roles: ["role_id", "user_id"],
	identity_login_attempts: ["count", "key", "reset_at"],
	identity_used_tokens: ["expires_at", "key"],
	identity_two_factor: ["enabled_at", "last_step", "secret", "updated_at", "user_id"],
	identity_recovery_codes: ["code_hash", "user_id"],
	identity_passkeys: ["algorithm", "counter", "created_at", "id", "last_used_at", "name", "public_key", "transports", "user_id"]
};

const migrationNames = ["identity_0001_tables", "identity_0002_account_flows", "identity_0003_used_tokens", "identity_0004_second_factors"];
const applied = migrationNames.map((migrationName) => ({ migrationName, direction: "Up", status: "Success" }));

function sqlite(): Kysely<any> {
	return new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
}

/** The tables of the current schema (Kysely lists every schema on PostgreSQL) and their columns. */
async function columns(db: Kysely<any>): Promise<Record<string, string[]>> {
	const tables = await db.introspection.getTables();
	const current = { sqlite: undefined, postgres: sql<{ s: string }>`select current_schema() as s`, mysql: sql<{ s: string }>`select database() as s` }[detectDialect(db)];
	const schema = current && (await current.execute(db)).rows[0]?.s;
	return Object.fromEntries(tables.filter((t) => t.schema === schema).map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
}

describe("migrateToLatest()", () => {
	test("creates the eight tables and is idempotent", async () => {
		const db = sqlite();
		expect((await migrateToLatest(db)).results).toEqual(applied);
		expect((await migrateToLatest(db)).results).toEqual([]);
		// The DDL itself is idempotent too: a second Migrator over existing tables succeeds.
		const again = new Migrator({ db, provider: identityMigrations, migrationTableName: "other_migration", migrationLockTableName: "other_lock" });
		expect((await again.migrateToLatest()).error).toBeUndefined();
		expect(await columns(db)).toMatchObject(expectedColumns);
		await db.destroy();
	});

	test("honours tablePrefix and identityField, and keeps its bookkeeping per prefix", async () => {
		const db = sqlite();
		const options = { tablePrefix: "auth_", identityField: "email" };
		await migrateToLatest(db);
		await migrateToLatest(db, options);
		const found = await columns(db);
		// The identity column is the email column: no second pair.
		expect(found.auth_users).toEqual(expectedColumns.identity_users.filter((c) => !c.startsWith("username")));
		const tables = ["auth_roles", "auth_user_roles", "auth_login_attempts", "auth_used_tokens", "auth_two_factor", "auth_recovery_codes", "auth_passkeys"];
		expect(Object.keys(found)).toEqual(expect.arrayContaining([...tables, identityMigrationTables(options).migrationTableName]));
		const store = createKyselyStore(db, options);
		expect(store.identityField).toBe("email");
		expect(await store.createUser({ email: "A@Example.com", password: "h" })).toMatchObject({ email: "A@Example.com" });
		expect(await createKyselyStore(db).findUser("a@example.com")).toBeNull();
		await db.destroy();
	});

	test("the down migration drops the tables", async () => {
		const db = sqlite();
		await migrateToLatest(db);
		const migrator = await createIdentityMigrator(db);
		expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
		expect(Object.keys(await columns(db)).filter((t) => t in expectedColumns)).toEqual([]);
		await db.destroy();
	});

	test("refuses unsafe names with ERR_INVALID_OPTIONS", () => {
		const reserved = ["password", "confirmed_at", "email_key"].map((identityField) => ({ identityField }));
		for (const options of [{ tablePrefix: "x; drop" }, { tablePrefix: "Auth_" }, { identityField: "e-mail" }, { identityField: "" }, ...reserved]) {
			expect(() => createIdentityMigrations(options)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
			expect(() => createKyselyStore(sqlite(), options)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
		}
	});
});

for (const kind of ["postgres", "mysql"] as const satisfies ServerKind[]) {
	const { skip } = testServer(kind);
	if (skip) console.warn(`migrations on ${kind} skipped: ${skip}`);
	describe.skipIf(Boolean(skip))(`migrateToLatest() on ${kind}`, () => {
		let opened: TestDatabase | undefined;
		let second: TestDatabase | undefined;
		afterAll(async () => {
			await opened?.drop();
			await second?.drop();
		});

		test("creates the same columns as on SQLite, idempotently (also the DDL under a second Migrator)", async () => {
			opened = await openTestDatabase(kind);
			await migrateToLatest(opened.db);
			expect((await migrateToLatest(opened.db)).results).toEqual([]);
			const again = new Migrator({ db: opened.db, provider: identityMigrations, migrationTableName: "other_migration", migrationLockTableName: "other_lock" });
			expect((await again.migrateToLatest()).error).toBeUndefined();
			const found = await columns(opened.db);
			for (const [table, names] of Object.entries(expectedColumns)) expect(found[table]).toEqual(names);
		});

		test("a second schema or database on the same server migrates on its own", async () => {
			second = await openTestDatabase(kind);
			expect((await migrateToLatest(second.db)).results).toEqual(applied);
			expect(await createKyselyStore(second.db).findUser("nobody")).toBeNull();
		});
	});
}
