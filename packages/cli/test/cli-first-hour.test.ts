import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { type CliRun, buildSourceCli, runCliProcess } from "./helpers/cli-process.js";
import { closedPort } from "./helpers/ports.js";
import { testMysqlUrl, testPostgresUrl } from "./helpers/servers.js";

vi.setConfig({ testTimeout: 90_000 });

let bin: string;
let dir: string;
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const cli = (args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> => runCliProcess(bin, args, { ...options, cwd: dir });

/** One line on stderr, nothing on stdout, no stack trace: how every failure should look. */
function expectOneLineFailure(run: CliRun, code: number): string {
	expect(run.code).toBe(code);
	expect(run.stdout).toBe("");
	expect(run.stderr).toMatch(/^identity: [^\n]+\n$/);
	expect(run.stderr).not.toMatch(/\n\s+at /);
	return run.stderr;
}

beforeAll(async () => {
	bin = await buildSourceCli();
	dir = mkdtempSync(join(tmpdir(), "identity-cli-first-hour-"));
});

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
	rmSync(bin, { force: true });
});

describe("identity --version", () => {
	test("--version and -v print the package version alone; --json wraps it", async () => {
		for (const flag of ["--version", "-v"]) {
			const run = await cli([flag]);
			expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
		}
		expect(JSON.parse((await cli(["--version", "--json"])).stdout)).toEqual({ version });
	});

	test("help and --help still list the commands, and mention --version", async () => {
		for (const args of [["help"], ["--help"], ["-h"]]) {
			const run = await cli(args);
			expect(run.code).toBe(0);
			expect(run.stdout).toContain("identity users list");
			expect(run.stdout).toContain("identity init");
			expect(run.stdout).toContain("identity secret");
			expect(run.stdout).toContain("identity --version");
		}
	});
});

describe("identity <unknown command>", () => {
	test.each([
		[["user", "list"], 'Unknown command "user list": did you mean "identity users list"? (see: identity --help)'],
		[["usres"], 'Unknown command "usres": did you mean "identity users"? (see: identity --help)'],
		[["users", "lsit", "--json"], 'Unknown command "users lsit": did you mean "identity users list"? (see: identity users --help)'],
		[["users", "passkey", "list", "alice"], 'Unknown command "users passkey list": did you mean "identity users passkeys list"? (see: identity users --help)'],
		[["user", "create", "alice", "--password-stdin"], 'Unknown command "user create": did you mean "identity users create"? (see: identity --help)'],
		[["--db", "x.db", "migrat"], 'Unknown command "migrat": did you mean "identity migrate"? (see: identity --help)'],
		[["help", "rolse"], 'Unknown command "rolse": did you mean "identity roles"? (see: identity --help)'],
		[["frobnicate"], 'Unknown command "frobnicate" (see: identity --help)'],
		[["users", "frobnicate"], 'Unknown command "users frobnicate" (see: identity users --help)']
	])("%j: one line naming it, a suggestion when one is close, exit 2", async (args, message) => {
		const run = await cli(args);
		if (args.includes("--json")) {
			expect(run.code).toBe(2);
			expect(JSON.parse(run.stderr)).toEqual({ error: { code: "ERR_USAGE", message } });
			return;
		}
		expect(expectOneLineFailure(run, 2)).toBe(`identity: ${message}\n`);
	});
});

describe("identity users list when the database is down", () => {
	test("PostgreSQL on a port where nothing listens: what failed and what to check, never the password", async () => {
		const port = await closedPort();
		const url = `postgres://alice:pg-s3cret-pw@127.0.0.1:${port}/app?password=also-s3cret`;
		const run = await cli(["users", "list"], { env: { IDENTITY_DATABASE_URL: url } });
		const line = expectOneLineFailure(run, 1);
		expect(line).toBe(
			`identity: Could not connect to postgres://alice:***@127.0.0.1:${port}/app?password=*** (connection refused): is the server running, on that host and port? Check IDENTITY_DATABASE_URL\n`
		);
		expect(line).not.toMatch(/s3cret|migrations failed/);
		const json = await cli(["--db", url, "migrate", "--json"]);
		expect(json.code).toBe(1);
		expect(JSON.parse(json.stderr).error).toMatchObject({ code: "ERR_DATABASE_UNREACHABLE" });
		expect(json.stderr).toContain("Check --db");
		expect(json.stderr).not.toContain("s3cret");
	});

	test("MariaDB/MySQL on a port where nothing listens", async () => {
		const port = await closedPort();
		const run = await cli(["--db", `mysql://root:my-s3cret-pw@127.0.0.1:${port}/test`, "users", "list"]);
		expect(expectOneLineFailure(run, 1)).toBe(
			`identity: Could not connect to mysql://root:***@127.0.0.1:${port}/test (connection refused): is the server running, on that host and port? Check --db\n`
		);
	});

	test("SQLite in a directory that does not exist: names the directory, for users list and migrate alike", async () => {
		const path = join(dir, "no-such-dir", "app.db");
		for (const args of [["users", "list"], ["migrate"]]) {
			const run = await cli(args, { env: { IDENTITY_DATABASE_URL: path } });
			expect(expectOneLineFailure(run, 1)).toBe(
				`identity: Could not open the SQLite database ${path} (the directory ${join(dir, "no-such-dir")} does not exist): create the directory, or check IDENTITY_DATABASE_URL\n`
			);
		}
		const missing = await cli(["users", "list"]);
		expect(expectOneLineFailure(missing, 1)).toBe(
			"identity: No database file at ./identity.db (create it with: identity migrate, or set IDENTITY_DATABASE_URL or pass --db)\n"
		);
	});

	const postgres = testPostgresUrl();
	test.skipIf(!postgres)("PostgreSQL up, but the database or the user does not exist", async () => {
		const url = new URL(postgres as string);
		url.pathname = "/identity_no_such_database";
		const database = await cli(["--db", url.toString(), "users", "list"]);
		expect(expectOneLineFailure(database, 1)).toContain("(the database does not exist): was it created, and is the name right? Check --db");
		const user = new URL(postgres as string);
		user.username = "identity_no_such_role";
		user.password = "pg-s3cret-pw";
		const role = await cli(["--db", user.toString(), "users", "list"]);
		expect(expectOneLineFailure(role, 1)).toContain("identity_no_such_role:***@");
		expect(role.stderr).toContain("(authentication failed)");
		expect(role.stderr).not.toContain("s3cret");
	});

	const mysql = testMysqlUrl();
	test.skipIf(!mysql)("MariaDB up, but the password is wrong", async () => {
		const url = new URL(mysql as string);
		url.password = "my-s3cret-pw";
		const run = await cli(["--db", url.toString(), "users", "list"]);
		const line = expectOneLineFailure(run, 1);
		expect(line).toContain("(authentication failed): are the user name and password right? Check --db");
		expect(line).not.toContain("s3cret");
	});
});
