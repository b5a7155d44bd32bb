import Database from "better-sqlite3";
import { DummyDriver, Kysely, MssqlAdapter, MssqlIntrospector, MssqlQueryCompiler, MysqlDialect, PostgresDialect, SqliteDialect } from "kysely";
import { createPool } from "mysql2";
import pg from "pg";
import { isIdentityError } from "@identity/core";
import { describe, expect, test } from "vitest";
import { createKyselyStore } from "./index.js";
import { createSqliteDatabase, createSqliteStore } from "./sqlite.js";

// Port 1 on loopback: nothing listens, so the connection is refused at once.
const secret = "s3cretPassw0rd";
const refused = {
	postgres: () => new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: `postgres://admin:${secret}@127.0.0.1:1/db` }) }) }),
	mysql: () => new Kysely<any>({ dialect: new MysqlDialect({ pool: createPool({ uri: `mysql://admin:${secret}@127.0.0.1:1/db` }) }) })
};

async function storeFailure(run: () => Promise<unknown>): Promise<Error & { code?: string; cause?: unknown }> {
	const error = await run().then(
		() => null,
		(e: unknown) => e
	);
	expect(isIdentityError(error)).toBe(true);
	return error as Error & { code?: string };
}

describe("driver failures become StoreError (ERR_STORE)", () => {
	for (const [name, open] of Object.entries(refused)) {
		test(`${name}: connection refused -> ERR_STORE with the driver error as cause, no credentials or SQL`, async () => {
			const db = open();
			const store = createKyselyStore(db);
			for (const call of [() => store.findUser("alice"), () => store.createUser({ username: "alice", password: "h" }), () => store.addAttempt("k", 60, new Date()), () => store.consumeToken("k", new Date(Date.now() + 60_000)), () => store.setTwoFactor("alice", { secret: "sealed", enabledAt: null })]) {
				const error = await storeFailure(call);
				expect(error).toMatchObject({ code: "ERR_STORE", name: "StoreError" });
				expect(error.cause).toMatchObject({ code: "ECONNREFUSED" });
				for (const leak of [secret, "admin", "select", "insert", "alice"]) expect(error.message.toLowerCase()).not.toContain(leak.toLowerCase());
			}
			await db.destroy();
		});
	}

	test("sqlite: missing tables and a closed database -> ERR_STORE", async () => {
		const sqlite = new Database(":memory:");
		const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
		const store = createKyselyStore(db);
		const error = await storeFailure(() => store.findUser({ id: "x" }));
		expect(error).toMatchObject({ code: "ERR_STORE", message: "Store failure: findUser failed" });
		expect(error.cause).toBeInstanceOf(Error);
		sqlite.close();
		expect(await storeFailure(() => store.listRoles())).toMatchObject({ code: "ERR_STORE" });
	});

	test("createSqliteDatabase() / createSqliteStore() on an unopenable path -> ERR_STORE", async () => {
		await expect(createSqliteDatabase("/nonexistent-dir/identity.db")).rejects.toMatchObject({ code: "ERR_STORE" });
		await expect(createSqliteStore("/nonexistent-dir/identity.db")).rejects.toMatchObject({ code: "ERR_STORE" });
	});
});

describe("misuse", () => {
	test("an unsupported dialect is ERR_INVALID_OPTIONS", () => {
		const db = new Kysely<any>({
			dialect: {
				createAdapter: () => new MssqlAdapter(),
				createDriver: () => new DummyDriver(),
				createIntrospector: (k) => new MssqlIntrospector(k),
				createQueryCompiler: () => new MssqlQueryCompiler()
			}
		});
		expect(() => createKyselyStore(db)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS" }));
	});

	test("bad arguments are ERR_INVALID_ARGUMENT, not ERR_STORE", async () => {
		const db = await createSqliteDatabase(":memory:");
		const store = createKyselyStore(db);
		const user = await store.createUser({ username: "carol", password: "h" });
		const calls = [
			() => store.findUser(42 as never),
			() => store.findUser({ id: 42 } as never),
			() => store.findRole({ nope: "x" } as never),
			() => store.addRoleToUser(null as never, "r"),
			() => store.createRole({ name: "" }),
			() => store.createUser({ username: "x".repeat(321), password: "h" }),
			() => store.createUser({ username: "dave", password: "h", roles: "admin" as never }),
			() => store.setUniquifier(user, ""),
			() => store.recordLogin(user, { at: new Date(Number.NaN), address: null }),
			() => store.addAttempt("k", -1, new Date()),
			() => store.readAttempts("k", "now" as never),
			() => store.setEmail(user, "x".repeat(321)),
			() => store.createUser({ username: "frank", password: "h", email: "a\u0000b@example.com" }),
			() => store.createUser({ username: "gina", password: "h", confirmedAt: "yesterday" as never }),
			() => store.setTwoFactor(user, { secret: "x".repeat(9000), enabledAt: null }),
			() => store.setTwoFactor(user, { secret: "sealed", enabledAt: null, recoveryCodes: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
			() => store.addPasskey(user, { id: "abc", name: "x".repeat(256), publicKey: "cHVi", algorithm: -7, counter: 0 }),
			() => store.addPasskey(user, { id: "abc", name: "Key", publicKey: "cHVi", algorithm: -7, counter: 0, transports: ["x".repeat(33)] })
		];
		for (const call of calls) await expect(call()).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		const other = await store.createUser({ username: "erin", password: "h" });
		await expect(store.setUniquifier(other, user.uniquifier)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
		await db.destroy();
	});
});
