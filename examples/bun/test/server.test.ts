import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../src/users";
import { logIn, readmeUsers, runExample, type StartedExample } from "./run-example";

const root = fileURLToPath(new URL("..", import.meta.url));
const bun = fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

function requireBuild(): void {
	// The example imports the published entry points (dist): `pnpm build` runs first in the test command.
	if (!existsSync(new URL("../../../packages/bun/dist/index.js", import.meta.url))) {
		throw new Error("packages/bun/dist is missing: run `npx -y pnpm@10.34.8 build` first");
	}
}

describeHandlers("examples/bun (Bun.serve, bun:sqlite, Bun.password)", {
	start() {
		requireBuild();
		const secret = "bun-suite-signing-key-0123456789abcdefghijkl";
		return spawnTarget(bun, ["run", "src/server.ts"], { cwd: root, env: { PORT: "0", DATABASE: ":memory:", IDENTITY_SECRET: secret } });
	},
	recordsClientAddress: true
});

describe("examples/bun as its README runs it (no IDENTITY_SECRET)", () => {
	let example: StartedExample;
	beforeAll(async () => {
		requireBuild();
		example = await runExample(bun, ["run", "src/server.ts"], root, { PORT: "0" });
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

test("examples/bun refuses to start without IDENTITY_SECRET under NODE_ENV=production", async () => {
	requireBuild();
	const started = runExample(bun, ["run", "src/server.ts"], root, { PORT: "0", NODE_ENV: "production" });
	await expect(started).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
