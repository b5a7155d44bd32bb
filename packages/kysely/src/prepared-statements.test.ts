import { describeStore } from "@identity/testing";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { openTestDatabase, testServer } from "../test/databases.js";
import { preparedStatementName } from "./internal/statement-names.js";
import { createKyselyStore, migrateToLatest, withPreparedStatements } from "./index.js";

const { url, skip } = testServer("postgres");

/** A migrated schema of its own, reached through a pool wrapped by withPreparedStatements (`max` connections). */
async function openPrepared(max: number, options: { identityField?: string } = {}) {
	const opened = await openTestDatabase("postgres");
	await opened.db.destroy();
	const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${opened.name}`, max });
	const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
	await migrateToLatest(db, options);
	return {
		db,
		store: createKyselyStore(db, options),
		async close() {
			await db.destroy();
			await opened.drop().catch(() => {});
		}
	};
}

// The whole store contract, with the user lookups as named prepared statements.
describeStore(
	"kysely: PostgreSQL, withPreparedStatements()",
	async () => {
		const { store, close } = await openPrepared(10);
		return { store, close };
	},
	{ skip }
);

describe.skipIf(skip)("withPreparedStatements()", () => {
	test("prepares the store's user lookups by name on the connection, and nothing else", async () => {
		const { db, store, close } = await openPrepared(1);
		try {
			const user = await store.createUser({ username: "ada", password: "h" });
			await db.selectFrom("identity_users").select("id").where("id", "=", user.id).execute();
			for (let i = 0; i < 3; i++) {
				expect((await store.findUser({ id: user.id }))?.username).toBe("ada");
				expect((await store.findUser("ADA"))?.id).toBe(user.id);
				expect(await store.findUser({ id: "nobody" })).toBeNull();
			}
			const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
			const names = rows.map((row) => row.name).sort();
			expect(names.length).toBe(2);
			for (const row of rows) {
				expect(row.name).toMatch(/^identity_[0-9a-f]{16}_[0-9a-z]+$/);
				expect(preparedStatementName(row.statement)).toBe(row.name);
				expect(row.statement).not.toContain("select \"id\" from \"identity_users\" where");
			}
		} finally {
			await close();
		}
	});

	test("a store made with other names registers other statements, under other names", async () => {
		const byEmail = await openPrepared(1, { identityField: "email" });
		try {
			const user = await byEmail.store.createUser({ email: "ada@example.com", password: "h" });
			expect((await byEmail.store.findUser("ADA@example.com"))?.id).toBe(user.id);
			const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(byEmail.db);
			expect(rows.length).toBe(1);
			expect(rows[0]!.statement).toContain("email");
			expect(preparedStatementName(rows[0]!.statement)).toBe(rows[0]!.name);
		} finally {
			await byEmail.close();
		}
	});
});
