import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../src/users.ts";
import { logIn, readmeUsers, runExample, type StartedExample } from "./run-example.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const deno = fileURLToPath(new URL("../node_modules/.bin/deno", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const serverArgs = ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "src/server.ts"];

function requireBuild(): void {
	// Deno loads the published entry points (dist) through node_modules: `pnpm build` runs first in the test command.
	for (const pkg of ["core", "kysely"]) {
		if (!existsSync(new URL(`../../../packages/${pkg}/dist`, import.meta.url))) {
			throw new Error(`packages/${pkg}/dist is missing: run \`npx -y pnpm@10.34.8 build\` first`);
		}
	}
}

describeHandlers("examples/deno (Deno.serve, node:sqlite through Kysely)", {
	start() {
		requireBuild();
		return spawnTarget(deno, serverArgs, {
			cwd: root,
			env: { PORT: "0", DATABASE: ":memory:", DENO_NO_UPDATE_CHECK: "1", IDENTITY_SECRET: "deno-suite-signing-key-0123456789abcdefghijkl" }
		});
	},
	recordsClientAddress: true
});

describe("examples/deno as its README runs it (no IDENTITY_SECRET)", () => {
	let example: StartedExample;
	beforeAll(async () => {
		requireBuild();
		example = await runExample(deno, serverArgs, root, { PORT: "0", DENO_NO_UPDATE_CHECK: "1" });
	});
	afterAll(() => example?.stop());

	test("says it signs with a random secret for this run, and never prints it", () => {
		expect(example.output()).toContain("IDENTITY_SECRET is not set: signing with a random secret made for this run");
		expect(example.output()).not.toMatch(/[0-9a-f]{32}/);
	});

	test("the README lists every user the example creates", () => {
		expect(readmeUsers(readme)).toEqual(exampleUsers.map(({ username, password, roles, active }) => ({ username, password, roles, active })));
	});

	test("each active README user logs in with its README password and gets its roles; the deactivated one is refused", async () => {
		for (const user of readmeUsers(readme)) {
			const result = await logIn(example.url, user.username, user.password);
			if (user.active) expect(result, user.username).toEqual({ status: 200, me: expect.objectContaining({ username: user.username, roles: user.roles }) });
			else expect(result, user.username).toEqual({ status: 403, error: "account_disabled" });
		}
		expect((await logIn(example.url, "admin", "not-the-password")).status).toBe(401);
	});
});

test("examples/deno refuses to start without IDENTITY_SECRET under NODE_ENV=production", async () => {
	requireBuild();
	const started = runExample(deno, serverArgs, root, { PORT: "0", DENO_NO_UPDATE_CHECK: "1", NODE_ENV: "production" });
	await expect(started).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
