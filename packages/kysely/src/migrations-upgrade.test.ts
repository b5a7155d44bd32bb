import Database from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { describe, expect, test } from "vitest";
import { type ServerKind, openTestDatabase, testServer } from "../test/databases.js";
import { createIdentityMigrator, createKyselyStore, migrateToLatest } from "./index.js";

// A database made by the previous release: only `identity_0001_tables` applied, and rows in the
// shape that release's store wrote them (its insert statements, column for column). Then the new
// migrations run over it, on every dialect and both identity-field layouts.

type Kind = "sqlite" | ServerKind;

async function open(kind: Kind): Promise<{ db: Kysely<any>; drop(): Promise<void> }> {
	if (kind !== "sqlite") return openTestDatabase(kind);
	const sqlite = new Database(":memory:");
	sqlite.pragma("foreign_keys = ON");
	const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
	return { db, drop: () => db.destroy() };
}

const oldUserColumns = ["active", "created_at", "current_login_address", "current_login_at", "id", "last_login_address", "last_login_at", "login_count", "password", "uniquifier", "updated_at"];
const newTables = ["identity_used_tokens", "identity_two_factor", "identity_recovery_codes", "identity_passkeys"];

async function tableColumns(db: Kysely<any>, kind: Kind): Promise<Map<string, string[]>> {
	const schema = kind === "postgres" ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : kind === "mysql" ? (await sql<{ s: string }>`select database() as s`.execute(db)).rows[0]?.s : undefined;
	const tables = (await db.introspection.getTables()).filter((t) => t.schema === schema);
	return new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
}

async function seedReleaseOne(db: Kysely<any>, kind: Kind, field: string, value: (name: string) => string): Promise<void> {
	const flag = (on: boolean) => (kind === "postgres" ? on : on ? 1 : 0);
	const user = (id: string, name: string, active: boolean, uniquifier: string) => ({
		id,
		[field]: value(name),
		[`${field}_key`]: value(name).toLowerCase(),
		password: `$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$${name}hash`,
		active: flag(active),
		uniquifier,
		created_at: 1_000,
		updated_at: 2_000,
		last_login_at: 3_000,
		current_login_at: 4_000,
		last_login_address: "10.0.0.1",
		current_login_address: "10.0.0.2",
		login_count: 3
	});
	await db.insertInto("identity_roles").values({ id: "roleadmin0000000000a", name: "admin", description: "Administrators" }).execute();
	await db.insertInto("identity_users").values([user("useralice0000000000a", "Alice", true, "a".repeat(32)), user("userbob000000000000b", "Bob", false, "b".repeat(32))]).execute();
	await db.insertInto("identity_user_roles").values({ user_id: "useralice0000000000a", role_id: "roleadmin0000000000a" }).execute();
	await db.insertInto("identity_login_attempts").values({ key: "identity:alice", count: 4, reset_at: Date.now() + 600_000 }).execute();
}

for (const kind of ["sqlite", "postgres", "mysql"] as const) {
	const skip = kind === "sqlite" ? undefined : testServer(kind).skip;
	if (skip) console.warn(`upgrade tests on ${kind} skipped: ${skip}`);
	for (const field of ["username", "email"]) {
		const value = (name: string) => (field === "email" ? `${name}@Example.com` : name);
		describe.skipIf(Boolean(skip))(`upgrading a ${kind} database made by the previous release (identityField ${field})`, () => {
			test("keeps users, roles, links and counters; the new methods work on them; down and up again", async () => {
				const { db, drop } = await open(kind);
				try {
					const options = { identityField: field };
					const migrator = await createIdentityMigrator(db, options);
					expect((await migrator.migrateTo("identity_0001_tables")).results?.map((r) => r.migrationName)).toEqual(["identity_0001_tables"]);
					await seedReleaseOne(db, kind, field, value);

					const upgrade = await migrateToLatest(db, options);
					expect(upgrade.results?.map((r) => [r.migrationName, r.status])).toEqual([
						["identity_0002_account_flows", "Success"],
						["identity_0003_used_tokens", "Success"],
						["identity_0004_second_factors", "Success"]
					]);
					const columns = await tableColumns(db, kind);
					const emailColumns = field === "email" ? [] : ["email", "email_key"];
					expect(columns.get("identity_users")).toEqual([...oldUserColumns, "confirmed_at", ...emailColumns, field, `${field}_key`].sort());
					for (const table of newTables) expect(columns.has(table)).toBe(true);

					const store = createKyselyStore(db, options);
					const alice = await store.findUser(value("alice").toUpperCase());
					expect(alice).toMatchObject({
						id: "useralice0000000000a",
						[field]: value("Alice"),
						password: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$Alicehash",
						uniquifier: "a".repeat(32),
						active: true,
						roles: ["admin"],
						createdAt: new Date(1_000),
						lastLoginAt: new Date(3_000),
						currentLoginAddress: "10.0.0.2",
						loginCount: 3,
						email: field === "email" ? value("Alice") : null,
						confirmedAt: null
					});
					expect(await store.readAttempts("identity:alice", new Date())).toMatchObject({ count: 4 });
					expect(await store.findRole("admin")).toMatchObject({ description: "Administrators" });

					// Account flows on the upgraded rows.
					const address = field === "email" ? value("alice") : "alice@example.com";
					if (field !== "email") await store.setEmail(alice!, "Alice@Example.com");
					expect((await store.findUser({ email: address.toUpperCase() }))?.id).toBe(alice?.id);
					await expect(store.setEmail(value("bob"), address)).rejects.toMatchObject({ code: "ERR_USER_EXISTS" });
					const carol = field === "email" ? { email: address } : { username: "carol", email: address };
					await expect(store.createUser({ ...carol, password: "h" })).rejects.toMatchObject({ code: "ERR_USER_EXISTS" });
					expect(await store.confirmUser(alice!)).toBe(true);
					expect(await store.deactivateUser(alice!)).toBe(true);
					expect((await store.findUser({ id: alice!.id }))?.uniquifier).not.toBe("a".repeat(32));

					// Two-factor, passkeys and tokens in the new tables.
					await store.setTwoFactor(alice!, { secret: "sealed", enabledAt: new Date(), recoveryCodes: ["h1", "h2"] });
					expect(await store.advanceTotpStep(alice!, 10)).toBe(true);
					expect(await store.takeRecoveryCode(alice!, "h1")).toBe(true);
					expect(await store.getTwoFactor(alice!)).toMatchObject({ lastStep: 10, recoveryCodesLeft: 1 });
					const passkey = await store.addPasskey(value("bob"), { id: "Y3JlZGVudGlhbA", name: "Key", publicKey: "cHVibGlj", algorithm: -7, counter: 0 });
					expect(await store.updatePasskeyCounter(passkey.id, 1, new Date())).toBe(true);
					expect(await store.consumeToken("confirm:1", new Date(Date.now() + 60_000))).toBe(true);
					expect(await store.consumeToken("confirm:1", new Date(Date.now() + 60_000))).toBe(false);
					expect(await store.deleteUser(alice!)).toBe(true);
					const left = await sql<{ n: number | string }>`select count(*) as n from identity_recovery_codes`.execute(db);
					expect(Number(left.rows[0]?.n)).toBe(0);

					// Down to the previous release's schema: its data is still there, the new parts are gone.
					expect((await migrator.migrateTo("identity_0001_tables")).error).toBeUndefined();
					const after = await tableColumns(db, kind);
					expect(after.get("identity_users")).toEqual([...oldUserColumns, field, `${field}_key`].sort());
					for (const table of newTables) expect(after.has(table)).toBe(false);
					const bob = await db.selectFrom("identity_users").select(["id", "uniquifier", "login_count"]).execute();
					expect(bob).toEqual([{ id: "userbob000000000000b", uniquifier: "b".repeat(32), login_count: 3 }]);
					expect((await migrateToLatest(db, options)).results).toHaveLength(3);
					expect(await createKyselyStore(db, options).findUser(value("bob"))).toMatchObject({ active: false, email: field === "email" ? value("Bob") : null });
				} finally {
					await drop();
				}
			});
		});
	}
}
