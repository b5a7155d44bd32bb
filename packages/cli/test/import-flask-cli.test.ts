import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { createPool } from "mysql2";
import type { Pool } from "mysql2/promise";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { buildSourceCli, runCliProcess } from "./helpers/cli-process.js";
import { buildFixture, findPython } from "./helpers/python.js";
import { testMysqlUrl, testPostgresUrl, uniqueSchemaName, withSearchPath } from "./helpers/servers.js";

// Spawned processes and the fixture builds are slow on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });

const python = findPython(["flask_security", "flask_sqlalchemy", "passlib", "bcrypt"]);
let bin: string;
let dir: string;

beforeAll(async () => {
	bin = await buildSourceCli();
	dir = mkdtempSync(join(tmpdir(), "identity-import-cli-"));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
	rmSync(bin, { force: true });
});

const cli = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
	runCliProcess(bin, args, { ...options, cwd: dir });

async function readUsers(path: string, identityField: string) {
	const db = await createSqliteDatabase(path, { identityField });
	try {
		return await createKyselyStore(db, { identityField }).listUsers();
	} finally {
		await db.destroy();
	}
}

describe.skipIf(!python)("identity import-flask", () => {
	test("imports from custom table names, prints a JSON report without hashes, re-runs as a no-op; check-password confirms the salt", async () => {
		const source = join(dir, "example-app.db");
		const manifest = buildFixture<{ salt: string }>(python as string, "build_flask_identity_db.py", [
			source,
			...["--user-table", "Users", "--role-table", "Roles", "--link-table", "sys_users_roles"]
		]);
		const target = join(dir, "target.db");
		expect((await cli(["--db", target, "migrate"])).code).toBe(0);
		const tables = ["--user-table", "Users", "--role-table", "Roles", "--link-table", "sys_users_roles"];

		const dry = await cli(["--db", target, "import-flask", source, ...tables, "--dry-run"]);
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain("Would import 6 of 7 users, 3 new roles (0 existing), 5 role links");
		expect(await readUsers(target, "username")).toEqual([]);

		const run = await cli(["--db", target, "import-flask", source, ...tables, "--json"]);
		expect(run.code).toBe(0);
		expect(run.stdout).not.toMatch(/\$2b\$|\$pbkdf2|\$6\$/);
		const { report } = JSON.parse(run.stdout);
		expect(report).toMatchObject({ users: { read: 7, created: 6, skipped: 1 }, links: 5 });
		const users = await readUsers(target, "username");
		expect(users.map((u) => u.username).sort()).toEqual(["admin", "disabled", "editor", "legacy", "sha1", "shacrypt"]);

		const again = await cli(["--db", target, "import-flask", source, ...tables]);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain("Imported 0 of 7 users");
		expect(again.stdout).toContain("skipped admin: exists");

		// Checking the salt before going live: users check-password.
		const check = (password: string, env: Record<string, string> = {}) =>
			cli(["--db", target, "users", "check-password", "admin", "--password-stdin"], { input: `${password}\n`, env });
		const salt = { IDENTITY_LEGACY_SALT: manifest.salt };
		expect(await check("123456", salt)).toMatchObject({ code: 0, stdout: "The password matches admin\n" });
		expect(await check("654321", salt)).toMatchObject({ code: 1, stderr: "identity: The password does not match admin\n" });
		const noSalt = await check("123456");
		expect(noSalt.code).toBe(1);
		expect(noSalt.stderr).toContain("IDENTITY_LEGACY_SALT");
		const hashes = new Database(target, { readonly: true });
		const stored = hashes.prepare("select password from identity_users where username = 'admin'").get() as { password: string };
		hashes.close();
		expect(stored.password.startsWith("$2b$")).toBe(true);
	});

	test("a missing source or table is a one-line failure (exit 1)", async () => {
		const target = join(dir, "target.db");
		const missing = await cli(["--db", target, "import-flask", join(dir, "nope.db")]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^identity: No database file at .*nope\.db \(check the <source> argument\)\n$/);
		const source = join(dir, "example-app.db");
		const noTable = await cli(["--db", target, "import-flask", source, "--json"]);
		expect(noTable.code).toBe(1);
		expect(JSON.parse(noTable.stderr).error).toEqual({ code: "ERR_INVALID_ARGUMENT", message: 'The source has no table "user"' });
	});
});

const postgres = testPostgresUrl();

describe.skipIf(!python || !postgres)("identity import-flask from PostgreSQL", () => {
	const schema = uniqueSchemaName("flask_source");
	let admin: pg.Client;

	beforeAll(async () => {
		admin = new pg.Client({ connectionString: postgres });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
	});
	afterAll(async () => {
		await admin?.query(`drop schema if exists ${schema} cascade`);
		await admin?.end();
	});

	test("reads the Flask-Security tables (\"user\" is a reserved word there) from a postgres:// URL", async () => {
		// The rows of a real Flask-Security-Too database, in the PostgreSQL schema SQLAlchemy creates.
		const sqlitePath = join(dir, "fs-for-pg.db");
		buildFixture(python as string, "build_flask_security_db.py", [sqlitePath]);
		const sqlite = new Database(sqlitePath, { readonly: true });
		const users = sqlite.prepare('select id, email, username, password, active, fs_uniquifier, confirmed_at from "user"').all() as Record<string, unknown>[];
		const roles = sqlite.prepare("select id, name, description from role").all() as Record<string, unknown>[];
		const links = sqlite.prepare("select user_id, role_id from roles_users").all() as Record<string, unknown>[];
		sqlite.close();
		await admin.query(`
			create table ${schema}."user" (id serial primary key, email varchar(255) not null unique, username varchar(255) unique,
				password varchar(255), active boolean not null, fs_uniquifier varchar(64) not null unique, confirmed_at timestamp);
			create table ${schema}.role (id serial primary key, name varchar(80) not null unique, description varchar(255));
			create table ${schema}.roles_users (user_id integer references ${schema}."user"(id), role_id integer references ${schema}.role(id));`);
		for (const u of users) {
			await admin.query(`insert into ${schema}."user" values ($1, $2, $3, $4, $5, $6, $7)`, [u.id, u.email, u.username, u.password, u.active === 1, u.fs_uniquifier, u.confirmed_at]);
		}
		for (const r of roles) await admin.query(`insert into ${schema}.role values ($1, $2, $3)`, [r.id, r.name, r.description]);
		for (const l of links) await admin.query(`insert into ${schema}.roles_users values ($1, $2)`, [l.user_id, l.role_id]);

		const target = join(dir, "pg-import-target.db");
		expect((await cli(["--db", target, "--identity-field", "email", "migrate"])).code).toBe(0);
		// A zone far from UTC: a naive timestamp read as local time would be off by hours.
		const run = await cli(["--db", target, "--identity-field", "email", "import-flask", withSearchPath(postgres as string, schema), "--json"], { env: { TZ: "Pacific/Auckland" } });
		expect(run.stderr).toBe("");
		expect(JSON.parse(run.stdout).report).toMatchObject({ users: { created: 4 }, roles: { created: 3 }, links: 4, confirmed: 2 });
		const imported = await readUsers(target, "email");
		const carol = imported.find((u) => u.email === "carol@example.com");
		expect(carol).toMatchObject({ active: false, password: users.find((u) => u.email === "carol@example.com")?.password });
		expect(imported.find((u) => u.email === "alice@example.com")).toMatchObject({ roles: ["admin", "editor"], confirmedAt: new Date("2024-03-04T05:06:07.123Z") });
		expect(carol?.confirmedAt).toBeNull();
	});
});

const mysql = testMysqlUrl();

describe.skipIf(!python || !mysql)("identity import-flask from MariaDB/MySQL", () => {
	const name = uniqueSchemaName("flask_source");
	let admin: Pool;

	beforeAll(async () => {
		admin = createPool({ uri: mysql as string, connectionLimit: 1 }).promise();
		await admin.query(`create database ${name}`);
	});
	afterAll(async () => {
		await admin?.query(`drop database if exists ${name}`);
		await admin?.end();
	});

	test("carries email and confirmed_at (a naive UTC DATETIME) into a username store", async () => {
		const sqlitePath = join(dir, "fs-for-mysql.db");
		buildFixture(python as string, "build_flask_security_db.py", [sqlitePath]);
		const sqlite = new Database(sqlitePath, { readonly: true });
		const users = sqlite.prepare('select id, email, username, password, active, fs_uniquifier, confirmed_at from "user"').all() as Record<string, unknown>[];
		sqlite.close();
		await admin.query(`create table ${name}.user (id int primary key, email varchar(255) not null unique, username varchar(255) unique,
			password varchar(255), active bool not null, fs_uniquifier varchar(64) not null unique, confirmed_at datetime(6))`);
		for (const u of users) await admin.query(`insert into ${name}.user values (?, ?, ?, ?, ?, ?, ?)`, [u.id, u.email, u.username, u.password, u.active, u.fs_uniquifier, u.confirmed_at]);

		const target = join(dir, "mysql-import-target.db");
		expect((await cli(["--db", target, "migrate"])).code).toBe(0);
		const source = new URL(mysql as string);
		source.pathname = `/${name}`;
		const run = await cli(["--db", target, "import-flask", source.toString()], { env: { TZ: "America/Los_Angeles" } });
		expect(run.stderr).toBe("");
		expect(run.stdout).toMatch(/emails from:\s+email/);
		expect(run.stdout).toMatch(/confirmed:\s+2/);
		const imported = await readUsers(target, "username");
		expect(imported.find((u) => u.username === "dave")).toMatchObject({ email: "Dave@Example.com", confirmedAt: new Date("2023-12-31T23:59:59.000Z") });
		expect(imported.find((u) => u.username === "bob")).toMatchObject({ email: "bob@example.com", confirmedAt: null });
	});
});
