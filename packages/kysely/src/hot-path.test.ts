import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { expect, test } from "vitest";
import { createKyselyStore, migrateToLatest } from "./index.js";

async function loggedStore() {
	const statements: string[] = [];
	const db = new Kysely<any>({
		dialect: new SqliteDialect({ database: new Database(":memory:") }),
		log: (event) => void statements.push(event.query.sql)
	});
	await migrateToLatest(db);
	return { db, store: createKyselyStore(db), statements };
}

test("findUser() loads a user with its roles in exactly one statement, the same SQL every time", async () => {
	const { db, store, statements } = await loggedStore();
	const admin = await store.createRole({ name: "admin" });
	const user = await store.createUser({ username: "Alice", password: "h", roles: [admin] });
	for (const query of [{ id: user.id }, "alice", { uniquifier: user.uniquifier }]) {
		statements.length = 0;
		expect((await store.findUser(query))?.roles).toEqual(["admin"]);
		expect((await store.findUser(query))?.roles).toEqual(["admin"]);
		expect(statements).toHaveLength(2);
		expect(statements[0]).toBe(statements[1]);
	}
	await db.destroy();
});

test("findUser() never caches: changes made behind the store's back show at once", async () => {
	const { db, store } = await loggedStore();
	const user = await store.createUser({ username: "bob", password: "h" });
	expect((await store.findUser({ id: user.id }))?.active).toBe(true);
	await sql`update identity_users set active = 0, uniquifier = 'rotated'`.execute(db);
	expect(await store.findUser({ id: user.id })).toMatchObject({ active: false, uniquifier: "rotated" });
	expect(await store.findUser({ uniquifier: user.uniquifier })).toBeNull();
	await db.destroy();
});
