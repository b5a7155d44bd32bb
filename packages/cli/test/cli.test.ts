import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { verifyPassword } from "@identity/core";
import { createIdentityMigrator, createKyselyStore } from "@identity/kysely";
import { Kysely, PostgresDialect } from "kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import pg from "pg";
import { type CliRun, buildSourceCli, runCliProcess } from "./helpers/cli-process.js";
import { testPostgresUrl, uniqueSchemaName, withSearchPath } from "./helpers/servers.js";

// Every test spawns node several times; on a loaded CI machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

let bin: string;
let dir: string;
let db: string;
const outputs: CliRun[] = [];

async function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
	const run = await runCliProcess(bin, args, { ...options, cwd: dir });
	outputs.push(run);
	return run;
}
const withDb = (...args: string[]) => ["--db", db, ...args];

beforeAll(async () => {
	bin = await buildSourceCli();
	dir = mkdtempSync(join(tmpdir(), "identity-cli-"));
	db = join(dir, "identity.db");
});

afterAll(() => {
	// Whatever ran, no output ever carried a password hash.
	for (const run of outputs) expect(`${run.stdout}${run.stderr}`).not.toMatch(/\$argon2|\$2[aby]\$|\$pbkdf2/);
	rmSync(dir, { recursive: true, force: true });
	rmSync(bin, { force: true });
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

	test("users show and delete; the database comes from IDENTITY_DATABASE_URL too", async () => {
		const shown = await cli(["users", "show", "bob"], { env: { IDENTITY_DATABASE_URL: db } });
		expect(shown.code).toBe(0);
		expect(shown.stdout).toMatch(/^username:\s+bob$/m);
		expect((await cli(withDb("users", "delete", "bob"))).stdout).toBe("Deleted user bob\n");
		expect((await cli(withDb("users", "show", "bob"))).code).toBe(1);
	});
});

async function withStore<T>(run: (store: ReturnType<typeof createKyselyStore>) => Promise<T>): Promise<T> {
	const database = await createSqliteDatabase(db);
	try {
		return await run(createKyselyStore(database));
	} finally {
		await database.destroy();
	}
}

async function readUser(identity: string) {
	const database = await createSqliteDatabase(db);
	try {
		const user = await createKyselyStore(database).findUser(identity);
		if (!user) throw new Error(`no user ${identity}`);
		return user;
	} finally {
		await database.destroy();
	}
}

const script = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path));
if (!script) console.warn("[cli] util-linux `script` is missing: skipping the terminal prompt test");

describe.skipIf(!script)("identity on a terminal", () => {
	test("users create prompts twice without echoing the password", async () => {
		const command = `${process.execPath} ${bin} --db ${db} users create carol`;
		const child = spawn(script as string, ["-qec", command, "/dev/null"], { cwd: dir });
		let output = "";
		const answered = new Set<string>();
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
			output += chunk;
			for (const prompt of ["Password: ", "Repeat password: "]) {
				if (output.includes(prompt) && !answered.has(prompt)) {
					answered.add(prompt);
					child.stdin.write("tty-password-1\r");
				}
			}
		});
		const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
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
