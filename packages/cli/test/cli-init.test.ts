import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createIdentity, createMemoryStore, verifyPassword } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { type CliRun, answerPasswordPrompts, buildSourceCli, runCliProcess, scriptBinary } from "./helpers/cli-process.js";

vi.setConfig({ testTimeout: 90_000 });

let bin: string;
let dir: string;

const cli = (args: string[], options: { input?: string } = {}): Promise<CliRun> => runCliProcess(bin, args, { ...options, cwd: dir });

/** The KEY=value lines of a .env file. */
function readEnv(path: string): Record<string, string> {
	const lines = readFileSync(path, "utf8").split("\n").filter((line) => line && !line.startsWith("#"));
	return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** Core accepts the secret (it refuses short, low-entropy, repeated and placeholder ones). */
function assertCoreAcceptsSecret(secret: string): void {
	expect(() => createIdentity({ store: createMemoryStore(), secret })).not.toThrow();
}

/** The user in the SQLite file, read through the store the app would use. */
async function readUser(database: string, identity: string) {
	const db = await createSqliteDatabase(database);
	try {
		return await createKyselyStore(db).findUser(identity);
	} finally {
		await db.destroy();
	}
}

/** Logs in through core's own login route, on the written database with the written secret. */
async function loginStatus(database: string, secret: string, username: string, password: string): Promise<number> {
	const db = await createSqliteDatabase(database);
	try {
		const identity = createIdentity({ store: createKyselyStore(db), secret });
		const response = await identity.handle(
			new Request("http://localhost/identity/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) })
		);
		return response.status;
	} finally {
		await db.destroy();
	}
}

beforeAll(async () => {
	bin = await buildSourceCli();
	dir = mkdtempSync(join(tmpdir(), "identity-cli-init-"));
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
	rmSync(bin, { force: true });
});

describe("identity secret", () => {
	test("prints 32 random bytes as hex, fresh each time, that createIdentity accepts", async () => {
		const runs = await Promise.all([cli(["secret"]), cli(["secret"]), cli(["secret", "--json"])]);
		const [first, second, json] = runs as [CliRun, CliRun, CliRun];
		expect(first.code).toBe(0);
		expect(first.stderr).toBe("");
		expect(first.stdout).toMatch(/^[0-9a-f]{64}\n$/);
		expect(second.stdout).not.toBe(first.stdout);
		const fromJson = JSON.parse(json.stdout).secret as string;
		expect(fromJson).toMatch(/^[0-9a-f]{64}$/);
		for (const secret of [first.stdout.trim(), second.stdout.trim(), fromJson]) assertCoreAcceptsSecret(secret);
	});

	test("takes no store options", async () => {
		const run = await cli(["secret", "--db", "x.db"]);
		expect(run.code).toBe(2);
		expect(run.stderr).toBe("identity: Unknown option '--db' (see: identity secret --help)\n");
	});
});

describe("identity init", () => {
	test("--generate-password: a .env with a fresh secret, a migrated SQLite file, an admin who can log in", async () => {
		const run = await cli(["init", "my-app", "--generate-password"]);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe("");
		const app = join(dir, "my-app");
		expect(readdirSync(app).sort()).toEqual([".env", "identity.db"]);
		expect(statSync(join(app, ".env")).mode & 0o777).toBe(0o600);
		const env = readEnv(join(app, ".env"));
		expect(Object.keys(env)).toEqual(["IDENTITY_SECRET", "IDENTITY_DATABASE_URL"]);
		expect(env.IDENTITY_DATABASE_URL).toBe("./identity.db");
		assertCoreAcceptsSecret(env.IDENTITY_SECRET as string);

		const password = /^Password of admin \(shown once, keep it now\): (\S+)$/m.exec(run.stdout)?.[1] as string;
		expect(password).toMatch(/^[\w-]{24}$/);
		expect(run.stdout.split(password)).toHaveLength(2);
		expect(run.stdout).not.toContain(env.IDENTITY_SECRET);
		expect(run.stdout).toContain("Wrote my-app/.env (IDENTITY_SECRET, IDENTITY_DATABASE_URL=./identity.db)");
		expect(run.stdout).toContain("Created my-app/identity.db (migrated) with the user admin (role admin)");
		expect(run.stdout).toMatch(/Next steps:\n {2}cd my-app\n {2}npm install @identity\/core @identity\/kysely @identity\/node kysely better-sqlite3\n/);
		expect(run.stdout).toContain("node --env-file=.env server.js");
		expect(run.stdout).toContain("http://127.0.0.1:3000/identity/login as admin");

		const user = await readUser(join(app, "identity.db"), "admin");
		expect(user).toMatchObject({ username: "admin", roles: ["admin"], active: true });
		expect(await verifyPassword(password, user?.password as string)).toBe(true);
		expect(await loginStatus(join(app, "identity.db"), env.IDENTITY_SECRET as string, "admin", password)).toBe(200);
		expect(await loginStatus(join(app, "identity.db"), env.IDENTITY_SECRET as string, "admin", `${password}x`)).toBe(401);
	});

	test("refuses to overwrite a .env without --force; --force writes a new secret", async () => {
		const app = join(dir, "my-app");
		const before = readFileSync(join(app, ".env"), "utf8");
		const refused = await cli(["init", "my-app", "--admin", "bob", "--generate-password"]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe("identity: my-app/.env already exists: keep it, or replace it (and its secret) with identity init my-app --force\n");
		expect(readFileSync(join(app, ".env"), "utf8")).toBe(before);
		expect(await readUser(join(app, "identity.db"), "bob")).toBeNull();

		const forced = await cli(["init", "my-app", "--admin", "bob", "--password-stdin", "--force"], { input: "bob's first password\n" });
		expect(forced.code).toBe(0);
		expect(forced.stdout).not.toContain("Password of");
		const env = readEnv(join(app, ".env"));
		expect(env.IDENTITY_SECRET).not.toBe(/IDENTITY_SECRET=(\w+)/.exec(before)?.[1]);
		assertCoreAcceptsSecret(env.IDENTITY_SECRET as string);
		const bob = await readUser(join(app, "identity.db"), "bob");
		expect(bob?.roles).toEqual(["admin"]);
		expect(await verifyPassword("bob's first password", bob?.password as string)).toBe(true);
	});

	test("an admin that already exists is refused, naming the fix; nothing is overwritten", async () => {
		const app = join(dir, "my-app");
		const before = readFileSync(join(app, ".env"), "utf8");
		const run = await cli(["init", "my-app", "--admin", "bob", "--generate-password", "--force", "--json"]);
		expect(run.code).toBe(1);
		expect(JSON.parse(run.stderr).error).toEqual({
			code: "ERR_USER_EXISTS",
			message: 'User "bob" already exists in my-app/identity.db: choose another name with --admin, or set a password with identity users set-password bob --db my-app/identity.db'
		});
		expect(readFileSync(join(app, ".env"), "utf8")).toBe(before);
	});

	test("in the current directory, with --json; weak or missing passwords write nothing", async () => {
		const here = join(dir, "here");
		mkdirSync(here);
		const noTty = await runCliProcess(bin, ["init"], { cwd: here });
		expect(noTty.code).toBe(2);
		expect(noTty.stderr).toBe("identity: No terminal to prompt for the admin's password: pipe it in with --password-stdin, or use --generate-password\n");
		const weak = await runCliProcess(bin, ["init", "--password-stdin"], { cwd: here, input: "short\n" });
		expect(weak.code).toBe(1);
		expect(weak.stderr).toBe("identity: Password too weak: use at least 8 characters\n");
		const both = await runCliProcess(bin, ["init", "--password-stdin", "--generate-password"], { cwd: here });
		expect(both.code).toBe(2);
		expect(readdirSync(here)).toEqual([]);

		const run = await runCliProcess(bin, ["init", "--admin", "alice", "--generate-password", "--json"], { cwd: here });
		expect(run.code).toBe(0);
		const data = JSON.parse(run.stdout);
		expect(data).toMatchObject({ env: join(here, ".env"), database: join(here, "identity.db"), admin: { username: "alice", roles: ["admin"] } });
		const user = await readUser(join(here, "identity.db"), "alice");
		expect(await verifyPassword(data.password, user?.password as string)).toBe(true);
		expect(readFileSync(join(here, ".env"), "utf8")).toMatch(/^# Written by identity init/);
	});

	test("an existing .env is kept even when the directory holds no database", async () => {
		const other = join(dir, "other");
		mkdirSync(other);
		writeFileSync(join(other, ".env"), "IDENTITY_SECRET=mine\n");
		const run = await cli(["init", "other", "--generate-password"]);
		expect(run.code).toBe(1);
		expect(readFileSync(join(other, ".env"), "utf8")).toBe("IDENTITY_SECRET=mine\n");
		expect(existsSync(join(other, "identity.db"))).toBe(false);
	});
});

if (!scriptBinary) console.warn("[cli] util-linux `script` is missing: skipping the init prompt test");

describe.skipIf(!scriptBinary)("identity init on a terminal", () => {
	test("prompts for the admin's password twice without echoing it", async () => {
		const command = `${process.execPath} ${bin} init tty-app --admin root-user`;
		const { code, output } = await answerPasswordPrompts(command, dir, "tty-admin-password");
		expect(code).toBe(0);
		expect(output).toContain("Created tty-app/identity.db (migrated) with the user root-user (role admin)");
		expect(output).not.toContain("tty-admin-password");
		const user = await readUser(join(dir, "tty-app", "identity.db"), "root-user");
		expect(await verifyPassword("tty-admin-password", user?.password as string)).toBe(true);
	});
});
