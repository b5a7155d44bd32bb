import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { expect, test } from "vitest";
import { createKyselyStore, migrateToLatest } from "./index.js";
import { createSqliteDatabase } from "./sqlite.js";

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

test("a database opened by createSqliteDatabase answers user lookups directly, with the same records as through Kysely", async () => {
	const db = await createSqliteDatabase(":memory:");
	const direct = createKyselyStore(db);
	// Another Kysely instance on the same connection: no direct read, every lookup through Kysely.
	const viaKysely = createKyselyStore(db.withoutPlugins());
	const admin = await direct.createRole({ name: "admin" });
	const user = await direct.createUser({ username: "Alice", password: "h", roles: [admin, await direct.createRole({ name: "b" })], email: "a@example.com" });
	await direct.recordLogin?.(user, { at: new Date(1_700_000_000_000), address: "192.0.2.1" });
	for (const query of [{ id: user.id }, "alice", { uniquifier: user.uniquifier }, { email: "A@example.com" }, { id: "missing" }]) {
		expect(await direct.findUser(query)).toEqual(await viaKysely.findUser(query));
	}
	expect((await direct.findUser({ id: user.id }))?.roles).toEqual(["admin", "b"]);
	await db.destroy();
});

/** A database opened by createSqliteDatabase (so its lookups are direct), its store and one user. */
async function directStore(username: string) {
	const db = await createSqliteDatabase(":memory:");
	const store = createKyselyStore(db);
	return { db, store, user: await store.createUser({ username, password: "h" }) };
}

test("a direct lookup never sees a transaction's uncommitted writes: it waits for the transaction like Kysely does", async () => {
	const { db, store, user } = await directStore("carol");
	let lookup: Promise<unknown> | undefined;
	await db
		.transaction()
		.execute(async (trx) => {
			await sql`update identity_users set active = 0`.execute(trx);
			lookup = store.findUser({ id: user.id });
			await new Promise((resolve) => setTimeout(resolve, 20));
			throw new Error("roll back");
		})
		.catch(() => {});
	expect(await lookup).toMatchObject({ id: user.id, active: true });
	await db.destroy();
});

test("a direct lookup on a closed database is a StoreError, never a raw driver error", async () => {
	const { db, store, user } = await directStore("dave");
	await db.destroy();
	await expect(store.findUser({ id: user.id })).rejects.toMatchObject({ name: "StoreError", code: "ERR_STORE" });
});
