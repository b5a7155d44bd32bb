import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { type TestDatabase, openTestDatabase, testServer } from "../test/databases.js";
import { createKyselyStore, migrateToLatest } from "./index.js";

// What the shared suite cannot see through the port: rows left behind in the tables.

async function count(db: Kysely<any>, table: string): Promise<number> {
	const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
	return Number(rows[0]?.n);
}

async function userWithFactors(db: Kysely<any>, name: string) {
	const store = createKyselyStore(db);
	const user = await store.createUser({ username: name, password: "h" });
	await store.setTwoFactor(user, { secret: "sealed", enabledAt: new Date(), recoveryCodes: ["c1", "c2"] });
	await store.addPasskey(user, { id: `cred-${name}`, name: "Key", publicKey: "cHVibGlj", algorithm: -7, counter: 0 });
	return { store, user };
}

const dependentTables = ["identity_two_factor", "identity_recovery_codes", "identity_passkeys"];

function sqlite(foreignKeys: boolean): Kysely<any> {
	const database = new Database(":memory:");
	database.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
	return new Kysely<any>({ dialect: new SqliteDialect({ database }) });
}

describe("SQLite", () => {
	test("deleteUser() leaves no two-factor, recovery-code or passkey rows, even with foreign keys off", async () => {
		const db = sqlite(false);
		await migrateToLatest(db);
		const { store, user } = await userWithFactors(db, "ann");
		await userWithFactors(db, "kept");
		expect(await store.deleteUser(user)).toBe(true);
		for (const table of dependentTables) expect([table, await count(db, table)]).toEqual([table, table === "identity_recovery_codes" ? 2 : 1]);
		await db.destroy();
	});

	test("deleting a user behind the store's back cascades to its dependents (foreign keys on)", async () => {
		const db = sqlite(true);
		await migrateToLatest(db);
		const { user } = await userWithFactors(db, "ann");
		await userWithFactors(db, "kept");
		await sql`delete from identity_users where id = ${user.id}`.execute(db);
		for (const table of dependentTables) expect([table, await count(db, table)]).toEqual([table, table === "identity_recovery_codes" ? 2 : 1]);
		await db.destroy();
	});

	test("consumeToken() prunes expired keys (on a store's first call, then every 16th): the table stays bounded", async () => {
		const db = sqlite(true);
		await migrateToLatest(db);
		const past = new Date(Date.now() - 1000);
		const first = createKyselyStore(db);
		for (let i = 0; i < 40; i++) expect(await first.consumeToken(`old:${i}`, past)).toBe(true);
		// Calls 1, 17 and 33 pruned what had expired before them: old:32 to old:39 are left.
		expect(await count(db, "identity_used_tokens")).toBe(8);
		const live = new Date(Date.now() + 3_600_000);
		expect(await first.consumeToken("live:1", live)).toBe(true);
		// A short-lived process (a fresh store: the CLI, a serverless instance) prunes on its first call.
		const fresh = createKyselyStore(db);
		expect(await fresh.consumeToken("live:2", live)).toBe(true);
		expect(await count(db, "identity_used_tokens")).toBe(2);
		expect(await fresh.consumeToken("live:1", live)).toBe(false);
		await db.destroy();
	});
});

for (const kind of ["postgres", "mysql"] as const) {
	const { skip } = testServer(kind);
	describe.skipIf(Boolean(skip))(kind, () => {
		let opened: TestDatabase | undefined;
		afterAll(() => opened?.drop());

		test("deleting a user behind the store's back cascades to its two-factor state, codes and passkeys", async () => {
			opened = await openTestDatabase(kind);
			await migrateToLatest(opened.db);
			const { user } = await userWithFactors(opened.db, "ann");
			await userWithFactors(opened.db, "kept");
			await sql`delete from identity_users where id = ${user.id}`.execute(opened.db);
			for (const table of dependentTables) expect([table, await count(opened.db, table)]).toEqual([table, table === "identity_recovery_codes" ? 2 : 1]);
		});
	});
}
