import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createIdentityMigrator, createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { useCliSandbox } from "./helpers/cli-process.js";
import { testPostgresUrl, uniqueSchemaName, withSearchPath } from "./helpers/servers.js";

// The account, revocation, two-factor and passkey commands, through the real CLI process.
vi.setConfig({ testTimeout: 90_000 });

const sandbox = useCliSandbox("identity-cli-accounts-");
const { cli, withDb, outputs } = sandbox;

async function withStore<T>(run: (store: ReturnType<typeof createKyselyStore>) => Promise<T>): Promise<T> {
	const database = await createSqliteDatabase(sandbox.db);
	try {
		return await run(createKyselyStore(database));
	} finally {
		await database.destroy();
	}
}

async function readUser(identity: string) {
	const user = await withStore((store) => store.findUser(identity));
	if (!user) throw new Error(`no user ${identity}`);
	return user;
}

beforeAll(async () => {
	await withStore(async (store) => {
		await store.createUser({ username: "alice", password: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA" });
		await store.createUser({ username: "bob", password: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", active: false });
	});
});

afterAll(() => {
	// No output ever carried a hash, a uniquifier, a TOTP secret or a public key.
	for (const run of outputs) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\$argon2|sealed-secret|cHVibGljLWtleQ|"uniquifier"/);
});

describe("identity on SQLite: revocation, email, confirmation, two-factor, passkeys", () => {
	test("users deactivate revokes for good: activating again does not bring the old uniquifier back", async () => {
		const before = (await readUser("bob")).uniquifier;
		expect((await cli(withDb("users", "activate", "bob"))).code).toBe(0);
		expect((await readUser("bob")).uniquifier).toBe(before);
		expect((await cli(withDb("users", "deactivate", "bob"))).code).toBe(0);
		const deactivated = (await readUser("bob")).uniquifier;
		expect(deactivated).not.toBe(before);
		expect((await cli(withDb("users", "activate", "bob"))).code).toBe(0);
		expect((await readUser("bob")).uniquifier).toBe(deactivated);
	});

	test("users set-email sets a unique address (ignoring case); a taken or malformed one changes nothing", async () => {
		const set = await cli(withDb("users", "set-email", "alice", "Alice@Example.com"));
		expect(set).toMatchObject({ code: 0, stdout: "Set the email address of alice to Alice@Example.com\n" });
		expect((await readUser("alice")).email).toBe("Alice@Example.com");
		const taken = await cli(withDb("users", "set-email", "bob", "alice@EXAMPLE.com", "--json"));
		expect(taken.code).toBe(1);
		expect(JSON.parse(taken.stderr)).toEqual({ error: { code: "ERR_USER_EXISTS", message: "A user with this email already exists" } });
		for (const bad of ["not-an-email", "two words@example.com"]) {
			const run = await cli(withDb("users", "set-email", "bob", bad, "--json"));
			expect(run.code).toBe(1);
			expect(JSON.parse(run.stderr).error.code).toBe("ERR_INVALID_ARGUMENT");
		}
		expect((await readUser("bob")).email).toBeNull();
		expect((await cli(withDb("users", "set-email", "bob"))).code).toBe(2);
		expect((await cli(withDb("users", "set-email", "nobody", "n@example.com"))).stderr).toBe('identity: No user "nobody"\n');
	});

	test("users confirm marks the address confirmed once; users show lists email, confirmation, two-factor and passkeys", async () => {
		const first = JSON.parse((await cli(withDb("users", "confirm", "alice", "--json"))).stdout);
		expect(first).toMatchObject({ identity: "alice", confirmed: true, changed: true });
		expect((await readUser("alice")).confirmedAt?.toISOString()).toBe(first.confirmedAt);
		expect((await cli(withDb("users", "confirm", "alice"))).stdout).toBe(`alice was already confirmed (${first.confirmedAt})\n`);
		const { user } = JSON.parse((await cli(withDb("users", "show", "alice", "--json"))).stdout);
		expect(user).toMatchObject({ email: "Alice@Example.com", confirmedAt: first.confirmedAt, twoFactor: "off", recoveryCodesLeft: 0, passkeys: 0 });
		expect(Object.keys(user)).not.toContain("uniquifier");
	});

	test("users two-factor disable deletes the state and recovery codes and ends the sessions", async () => {
		await withStore((store) => store.setTwoFactor("alice", { secret: "sealed-secret", enabledAt: new Date(), recoveryCodes: ["h1", "h2"] }));
		expect(JSON.parse((await cli(withDb("users", "show", "alice", "--json"))).stdout).user).toMatchObject({ twoFactor: "enabled", recoveryCodesLeft: 2 });
		const before = (await readUser("alice")).uniquifier;
		const run = await cli(withDb("users", "two-factor", "disable", "alice", "--json"));
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout)).toEqual({ identity: "alice", twoFactor: false, changed: true, reset: true });
		expect(await withStore((store) => store.getTwoFactor("alice"))).toBeNull();
		expect((await readUser("alice")).uniquifier).not.toBe(before);
		expect((await cli(withDb("users", "two-factor", "disable", "alice"))).stdout).toBe("alice has no two-factor authentication\n");
		const group = await cli(["users", "two-factor", "--help"]);
		expect(group.code).toBe(0);
		expect(group.stdout).toContain("identity users two-factor disable");
		expect((await cli(withDb("users", "two-factor", "enable", "alice"))).code).toBe(2);
	});

	test("users passkeys list and delete: only the user's own passkey, never a public key", async () => {
		const passkey = (id: string, name: string) => ({ id, name, publicKey: "cHVibGljLWtleQ", algorithm: -7, counter: 0, transports: ["internal"] });
		await withStore(async (store) => {
			await store.addPasskey("alice", passkey("YWxpY2Ux", "Laptop"));
			await store.addPasskey("alice", { ...passkey("YWxpY2Uy", "Phone"), algorithm: -257 });
			await store.addPasskey("bob", passkey("Ym9i", "Bob's key"));
		});
		const table = await cli(withDb("users", "passkeys", "list", "alice"));
		expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+ALGORITHM\s+CREATED\s+LAST USED$/);
		expect(table.stdout).toMatch(/YWxpY2Ux\s+Laptop\s+ES256/);
		expect(table.stdout).toMatch(/YWxpY2Uy\s+Phone\s+RS256/);
		const listed = JSON.parse((await cli(withDb("users", "passkeys", "list", "alice", "--json"))).stdout);
		expect(listed.passkeys.map((p: { id: string }) => p.id)).toEqual(["YWxpY2Ux", "YWxpY2Uy"]);
		expect(JSON.stringify(listed)).not.toContain("cHVibGljLWtleQ");
		const foreign = await cli(withDb("users", "passkeys", "delete", "alice", "Ym9i", "--json"));
		expect(foreign.code).toBe(1);
		expect(JSON.parse(foreign.stderr).error).toEqual({ code: "ERR_PASSKEY_NOT_FOUND", message: 'alice has no passkey "Ym9i"' });
		expect(await withStore((store) => store.findPasskey("Ym9i"))).not.toBeNull();
		expect((await cli(withDb("users", "passkeys", "delete", "alice", "YWxpY2Ux"))).stdout).toBe("Deleted the passkey YWxpY2Ux of alice\n");
		expect(JSON.parse((await cli(withDb("users", "passkeys", "list", "alice", "--json"))).stdout).passkeys).toHaveLength(1);
		expect((await cli(withDb("users", "passkeys", "list", "carol-nobody"))).code).toBe(1);
		expect((await cli(withDb("users", "passkeys"))).code).toBe(2);
	});
});

const postgres = testPostgresUrl();

describe.skipIf(!postgres)("identity on PostgreSQL: upgrading", () => {
	let admin: pg.Client;

	beforeAll(async () => {
		admin = new pg.Client({ connectionString: postgres });
		await admin.connect();
	});
	afterAll(async () => {
		await admin?.end();
	});

	test("a database made by the previous release is refused until migrate applies the new migrations; then the new commands work", async () => {
		const old = uniqueSchemaName("identity_cli_old");
		await admin.query(`create schema ${old}`);
		try {
			const oldUrl = withSearchPath(postgres as string, old);
			const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: oldUrl }) }) });
			try {
				expect((await (await createIdentityMigrator(kysely)).migrateTo("identity_0001_tables")).error).toBeUndefined();
			} finally {
				await kysely.destroy();
			}
			await admin.query(`insert into ${old}.identity_users (id, username, username_key, password, active, uniquifier, created_at, updated_at) values ('u1', 'Quinn', 'quinn', 'h', true, 'q-uniquifier', 1, 1)`);
			const refused = await cli(["--db", oldUrl, "users", "list"]);
			expect(refused.code).toBe(1);
			expect(refused.stderr).toContain("3 pending migrations");
			expect((await cli(["--db", oldUrl, "migrate"])).stdout).toContain("Applied identity_0002_account_flows, identity_0003_used_tokens, identity_0004_second_factors");
			expect((await cli(["--db", oldUrl, "users", "set-email", "quinn", "quinn@example.com"])).code).toBe(0);
			expect((await cli(["--db", oldUrl, "users", "confirm", "QUINN"])).stdout).toBe("Confirmed Quinn\n");
			expect((await cli(["--db", oldUrl, "users", "deactivate", "quinn"])).code).toBe(0);
			expect((await cli(["--db", oldUrl, "users", "activate", "quinn"])).code).toBe(0);
			const { rows } = await admin.query(`select email, email_key, confirmed_at, uniquifier, active from ${old}.identity_users`);
			expect(rows).toMatchObject([{ email: "quinn@example.com", email_key: "quinn@example.com", active: true }]);
			expect(Number(rows[0].confirmed_at)).toBeGreaterThan(0);
			expect(rows[0].uniquifier).not.toBe("q-uniquifier");
		} finally {
			await admin.query(`drop schema if exists ${old} cascade`);
		}
	});
});
