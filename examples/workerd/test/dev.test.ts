// The `dev` script as the README runs it: the worker in workerd through Miniflare, on a port of its
// own, with a persisted D1 and the example users, and no IDENTITY_SECRET given.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../src/users.js";
import { expectRandomSecretNotice, expectReadmeListsUsers, expectReadmeUsersLogIn, logIn } from "../../test-support/readme-users.js";
import { runPackageScript, type StartedExample } from "../../test-support/run-example.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** The package's `dev` script, run as `pnpm dev` runs it: in the example, with its bins on PATH. */
const devScript = (env: Record<string, string>) => runPackageScript(root, "dev", env);

describe("examples/workerd: the dev script", { timeout: 60_000 }, () => {
	let directory: string;
	let example: StartedExample;
	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), "identity-workerd-dev-"));
		example = await devScript({ PORT: "0", D1_PERSIST: directory });
	}, 60_000);
	afterAll(async () => {
		await example?.stop();
		rmSync(directory, { recursive: true, force: true });
	});

	test("serves core's login form from workerd", async () => {
		const response = await fetch(`${example.url}/identity/login`, { headers: { accept: "text/html" } });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('name="password"');
	});

	test("says it signs with a random secret for this run, and never prints it", () => {
		expectRandomSecretNotice(example.output());
	});

	test("the README lists every user the worker creates, and each logs in with its README password", async () => {
		expectReadmeListsUsers(readme, exampleUsers);
		await expectReadmeUsersLogIn(readme, example.url);
	});

	test("keeps D1 in the persist folder: a change survives a restart", async () => {
		const login = await fetch(`${example.url}/identity/login`, {
			method: "POST",
			headers: { "content-type": "application/json", accept: "application/json" },
			body: JSON.stringify({ username: "admin", password: "admin-password-1" })
		});
		const { authenticationToken } = (await login.json()) as { authenticationToken: string };
		const deactivate = await fetch(`${example.url}/admin/deactivate`, {
			method: "POST",
			headers: { authorization: `Bearer ${authenticationToken}`, "content-type": "application/json", accept: "application/json" },
			body: JSON.stringify({ username: "frozen" })
		});
		expect(deactivate.status).toBe(200);
		await example.stop();
		example = await devScript({ PORT: "0", D1_PERSIST: directory, IDENTITY_SECRET: "workerd-dev-signing-key-0123456789abcdefghij" });
		expect(example.output()).not.toContain("IDENTITY_SECRET is not set");
		expect(example.output()).not.toContain("workerd-dev-signing-key");
		expect(await logIn(example.url, "frozen", "frozen-password-1")).toEqual({ status: 403, error: "account_disabled" });
		expect((await logIn(example.url, "admin", "admin-password-1")).status).toBe(200);
	});
});

test("examples/workerd: the dev script refuses to start without IDENTITY_SECRET under NODE_ENV=production", { timeout: 30_000 }, async () => {
	await expect(devScript({ PORT: "0", NODE_ENV: "production" })).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
