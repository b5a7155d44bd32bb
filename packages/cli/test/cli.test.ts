import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { verifyPassword } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import pg from "pg";
import { answerPasswordPrompts, scriptBinary, useCliSandbox } from "./helpers/cli-process.js";
import { testPostgresUrl, uniqueSchemaName, withSearchPath } from "./helpers/servers.js";

// Every test spawns node several times; on a loaded CI machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

const sandbox = useCliSandbox("identity-cli-");
const { cli, withDb, outputs } = sandbox;

afterAll(() => {
	// Whatever ran, no output ever carried a password hash.
	for (const run of outputs) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\$argon2|\$2[aby]\$|\$pbkdf2/);
});

describe("identity (help and usage)", () => {
	test("--help lists every command and exits 0", async () => {
		const run = await cli(["--help"]);
		expect(run.code).toBe(0);
		const names = ["users create", "users reset-access", "users check-password", "users set-email", "users confirm", "users two-factor disable", "users passkeys list", "users passkeys delete", "roles add", "migrate", "import-flask"];
		for (const name of names) expect(run.stdout).toContain(`identity ${name}`);
	});

	test("each command has --help, exit 0, naming its options", async () => {
		const create = await cli(["users", "create", "--help"]);
		expect(create.code).toBe(0);
		expect(create.stdout).toContain("Usage: identity users create <identity>");
		expect(create.stdout).toContain("--password-stdin");
		const importHelp = await cli(["help", "import-flask"]);
		expect(importHelp.code).toBe(0);
		expect(importHelp.stdout).toContain("--identity-column");
	});

	test("an unknown command, an unknown option or a missing argument is a usage error (exit 2)", async () => {
		expect((await cli(["users", "frobnicate"])).code).toBe(2);
		const bogus = await cli(withDb("users", "list", "--bogus"));
		expect(bogus.code).toBe(2);
		expect(bogus.stderr).toMatch(/^identity: Unknown option '--bogus' \(see: identity users list --help\)\n$/);
		const missing = await cli(withDb("roles", "add", "alice"));
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain("Missing <role>");
		expect((await cli(withDb("users", "list", "--limit", "ten"))).code).toBe(2);
		expect((await cli(["--db", "redis://localhost", "users", "list"])).code).toBe(2);
	});
});

describe("identity on SQLite", () => {
	test("commands refuse a missing database file until migrate creates it; migrate is idempotent", async () => {
		const before = await cli(withDb("users", "list"));
		expect(before.code).toBe(1);
		expect(before.stderr).toContain("identity migrate");
		const first = await cli(withDb("migrate"));
		expect(first.code).toBe(0);
		expect(first.stdout).toContain("Applied identity_0001_tables");
		const again = await cli(withDb("migrate", "--json"));
		expect(JSON.parse(again.stdout)).toMatchObject({ applied: [] });
	});

	test("roles create, duplicate refused, roles list --json", async () => {
		expect((await cli(withDb("roles", "create", "admin", "--description", "Administrators"))).code).toBe(0);
		expect((await cli(withDb("roles", "create", "editor"))).stdout).toBe("Created role editor\n");
		const duplicate = await cli(withDb("roles", "create", "admin", "--json"));
		expect(duplicate.code).toBe(1);
		expect(JSON.parse(duplicate.stderr)).toEqual({ error: { code: "ERR_ROLE_EXISTS", message: 'Role "admin" already exists' } });
		const list = JSON.parse((await cli(withDb("roles", "list", "--json"))).stdout);
		expect(list.roles.map((r: { name: string }) => r.name).sort()).toEqual(["admin", "editor"]);
		expect(list.roles.find((r: { name: string }) => r.name === "admin").description).toBe("Administrators");
	});

	test("users create reads the password from stdin and stores a verifiable hash", async () => {
		const run = await cli(withDb("users", "create", "alice", "--role", "admin", "--role", "editor", "--password-stdin", "--json"), {
			input: "correct horse battery\n"
		});
		expect(run.code).toBe(0);
		const { user } = JSON.parse(run.stdout);
		expect(user).toMatchObject({ username: "alice", active: true, roles: ["admin", "editor"] });
		expect(Object.keys(user)).not.toContain("password");
		expect(Object.keys(user)).not.toContain("uniquifier");
		const record = await readUser("alice");
		expect(await verifyPassword("correct horse battery", record.password)).toBe(true);
		expect(await verifyPassword("correct horse battery\n", record.password)).toBe(false);
	});

	test("users create refuses a weak password, a duplicate, an unknown role and a missing terminal", async () => {
		const weak = await cli(withDb("users", "create", "bob", "--password-stdin"), { input: "short\n" });
		expect(weak.code).toBe(1);
		expect(weak.stderr).toBe("identity: Password too weak: use at least 8 characters\n");
		// 400 characters but 1,200 bytes: over core's bound, refused by the CLI's own check, not core's.
		const long = await cli(withDb("users", "create", "bob", "--password-stdin"), { input: `${"\u20ac".repeat(400)}\n` });
		expect(long.code).toBe(1);
		expect(long.stderr).toBe("identity: Password too long: use at most 1024 bytes (UTF-8, after normalisation)\n");
		const duplicate = await cli(withDb("users", "create", "ALICE", "--password-stdin"), { input: "another password\n" });
		expect(duplicate.code).toBe(1);
		expect(duplicate.stderr).toContain("already exists");
		const role = await cli(withDb("users", "create", "bob", "--role", "nope", "--password-stdin"), { input: "a good password\n" });
		expect(role.code).toBe(1);
		expect(role.stderr).toContain('No role "nope"');
		const noTty = await cli(withDb("users", "create", "bob"));
		expect(noTty.code).toBe(2);
		expect(noTty.stderr).toContain("--password-stdin");
		expect(JSON.parse((await cli(withDb("users", "list", "--json"))).stdout).users).toHaveLength(1);
	});

	test("users create --inactive; users list as a table and as JSON", async () => {
		const run = await cli(withDb("users", "create", "bob", "--inactive", "--password-stdin"), { input: "bob's password\r\n" });
		expect(run.stdout).toBe("Created user bob (inactive)\n");
		expect(await verifyPassword("bob's password", (await readUser("bob")).password)).toBe(true);
		const table = await cli(withDb("users", "list"));
		expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+USERNAME\s+ACTIVE\s+ROLES\s+CREATED\s+LAST LOGIN$/);
		expect(table.stdout).toMatch(/alice\s+yes\s+admin, editor/);
		expect(table.stdout).toMatch(/bob\s+no\s+-/);
		const page = JSON.parse((await cli(withDb("users", "list", "--limit", "1", "--offset", "1", "--json"))).stdout);
		expect(page.users).toHaveLength(1);
	});

	test("unknown users are a clear one-line failure (exit 1)", async () => {
		for (const args of [["users", "show", "nobody"], ["users", "delete", "nobody"], ["users", "activate", "nobody"], ["roles", "add", "nobody", "admin"]]) {
			const run = await cli(withDb(...args));
			expect(run.code).toBe(1);
			expect(run.stderr).toBe('identity: No user "nobody"\n');
		}
		const json = await cli(withDb("users", "show", "nobody", "--json"));
		expect(JSON.parse(json.stderr).error.code).toBe("ERR_USER_NOT_FOUND");
	});

	test("activate, deactivate and reset-access change the store and say when nothing changed", async () => {
		expect((await cli(withDb("users", "deactivate", "alice"))).stdout).toBe("Deactivated alice: their sessions, remember cookies and tokens no longer work\n");
		expect((await readUser("alice")).active).toBe(false);
		expect((await cli(withDb("users", "deactivate", "alice"))).stdout).toBe("alice was already inactive\n");
		const activate = JSON.parse((await cli(withDb("users", "activate", "alice", "--json"))).stdout);
		expect(activate).toEqual({ identity: "alice", active: true, changed: true });
		const before = (await readUser("alice")).uniquifier;
		expect((await cli(withDb("users", "reset-access", "alice"))).code).toBe(0);
		expect((await readUser("alice")).uniquifier).not.toBe(before);
	});

	test("users set-password replaces the hash and ends the sessions; a weak one changes nothing", async () => {
		const before = await readUser("alice");
		const weak = await cli(withDb("users", "set-password", "alice", "--password-stdin"), { input: "abc\n" });
		expect(weak.code).toBe(1);
		expect((await readUser("alice")).password).toBe(before.password);
		const run = await cli(withDb("users", "set-password", "alice", "--password-stdin"), { input: "a brand new password\n" });
		expect(run.code).toBe(0);
		const after = await readUser("alice");
		expect(await verifyPassword("a brand new password", after.password)).toBe(true);
		expect(after.uniquifier).not.toBe(before.uniquifier);
	});

	test("roles add and remove, idempotently", async () => {
		expect((await cli(withDb("roles", "remove", "alice", "editor"))).stdout).toBe("Took the role editor from alice\n");
		expect((await cli(withDb("roles", "remove", "alice", "editor"))).stdout).toBe("alice did not have the role editor\n");
		expect((await cli(withDb("roles", "add", "bob", "editor"))).stdout).toBe("Gave bob the role editor\n");
		expect(JSON.parse((await cli(withDb("roles", "add", "bob", "editor", "--json"))).stdout).changed).toBe(false);
		const unknownRole = await cli(withDb("roles", "add", "bob", "ghost"));
		expect(unknownRole.code).toBe(1);
		expect((await readUser("bob")).roles).toEqual(["editor"]);
	});

	test("users show and delete; the database comes from IDENTITY_DATABASE_URL too", async () => {
		const shown = await cli(["users", "show", "bob"], { env: { IDENTITY_DATABASE_URL: sandbox.db } });
		expect(shown.code).toBe(0);
		expect(shown.stdout).toMatch(/^username:\s+bob$/m);
		expect((await cli(withDb("users", "delete", "bob"))).stdout).toBe("Deleted user bob\n");
		expect((await cli(withDb("users", "show", "bob"))).code).toBe(1);
	});
});

async function readUser(identity: string) {
	const database = await createSqliteDatabase(sandbox.db);
	try {
		const user = await createKyselyStore(database).findUser(identity);
		if (!user) throw new Error(`no user ${identity}`);
		return user;
	} finally {
		await database.destroy();
	}
}

if (!scriptBinary) console.warn("[cli] util-linux `script` is missing: skipping the terminal prompt test");

describe.skipIf(!scriptBinary)("identity on a terminal", () => {
	test("users create prompts twice without echoing the password", async () => {
		const command = `${process.execPath} ${sandbox.bin} --db ${sandbox.db} users create carol`;
		const { code, output } = await answerPasswordPrompts(command, sandbox.dir, "tty-password-1");
		expect(code).toBe(0);
		expect(output).toContain("Created user carol");
		expect(output).not.toContain("tty-password-1");
		expect(await verifyPassword("tty-password-1", (await readUser("carol")).password)).toBe(true);
	});
});

const postgres = testPostgresUrl();

describe.skipIf(!postgres)("identity on PostgreSQL", () => {
	const schema = uniqueSchemaName("identity_cli");
	let admin: pg.Client;
	let url: string;

	beforeAll(async () => {
		admin = new pg.Client({ connectionString: postgres });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		url = withSearchPath(postgres as string, schema);
	});
	afterAll(async () => {
		await admin?.query(`drop schema if exists ${schema} cascade`);
		await admin?.end();
	});

	test("refuses an unmigrated database, then migrate, create, list, reset-access", async () => {
		const before = await cli(["--db", url, "users", "list"]);
		expect(before.code).toBe(1);
		expect(before.stderr).toContain("run identity migrate first");
		expect((await cli(["--db", url, "migrate"])).code).toBe(0);
		expect((await cli(["--db", url, "roles", "create", "admin"])).code).toBe(0);
		const created = await cli(["--db", url, "users", "create", "pat", "--role", "admin", "--password-stdin"], { input: "pg password 1\n" });
		expect(created.code).toBe(0);
		const { users } = JSON.parse((await cli(["--db", url, "users", "list", "--json"])).stdout);
		expect(users).toMatchObject([{ username: "pat", active: true, roles: ["admin"] }]);
		const { rows } = await admin.query(`select uniquifier, password from ${schema}.identity_users`);
		expect(await verifyPassword("pg password 1", rows[0].password)).toBe(true);
		expect((await cli(["--db", url, "users", "reset-access", "pat"])).code).toBe(0);
		const after = await admin.query(`select uniquifier from ${schema}.identity_users`);
		expect(after.rows[0].uniquifier).not.toBe(rows[0].uniquifier);
	});

});
