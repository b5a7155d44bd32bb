import Database from "better-sqlite3";
import { Kysely, Migrator, NO_MIGRATIONS, SqliteDialect } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { type ServerKind, type TestDatabase, openTestDatabase, testServer } from "../test/databases.js";
import { createIdentityMigrations, createIdentityMigrator, createKyselyStore, identityMigrations, identityMigrationTables, migrateToLatest } from "./index.js";

const expectedColumns = {
	identity_users: ["active", "created_at", "current_login_address", "current_login_at", "id", "last_login_address", "last_login_at", "login_count", "password", "uniquifier", "updated_at", "username", "username_key"],
	identity_roles: ["description", "id", "name"],
	identity_user_roles: ["role_id", "user_id"],
	identity_login_attempts: ["count", "key", "reset_at"]
};

function sqlite(): Kysely<any> {
	return new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
}

async function columns(db: Kysely<any>): Promise<Record<string, string[]>> {
	const tables = await db.introspection.getTables();
	return Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
}

describe("migrateToLatest()", () => {
	test("creates the four tables and is idempotent", async () => {
		const db = sqlite();
		expect((await migrateToLatest(db)).results).toEqual([{ migrationName: "identity_0001_tables", direction: "Up", status: "Success" }]);
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
		expect(found.auth_users).toContain("email_key");
		expect(found.auth_users).not.toContain("username");
		expect(Object.keys(found)).toEqual(expect.arrayContaining(["auth_roles", "auth_user_roles", "auth_login_attempts", identityMigrationTables(options).migrationTableName]));
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
		for (const options of [{ tablePrefix: "x; drop" }, { tablePrefix: "Auth_" }, { identityField: "password" }, { identityField: "e-mail" }, { identityField: "" }]) {
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

		test("creates the same columns as on SQLite, idempotently", async () => {
			opened = await openTestDatabase(kind);
			await migrateToLatest(opened.db);
			expect((await migrateToLatest(opened.db)).results).toEqual([]);
			const found = await columns(opened.db);
			for (const [table, names] of Object.entries(expectedColumns)) expect(found[table]).toEqual(names);
		});

		test("a second schema or database on the same server migrates on its own", async () => {
			second = await openTestDatabase(kind);
			expect((await migrateToLatest(second.db)).results).toHaveLength(1);
			expect(await createKyselyStore(second.db).findUser("nobody")).toBeNull();
		});
	});
}
