import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../src/users";
import { testReadmeRun } from "../../test-support/readme-users";
import { runExample, type StartedExample } from "../../test-support/run-example";

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

	testReadmeRun(() => example, readme, exampleUsers);
});

test("examples/bun refuses to start without IDENTITY_SECRET under NODE_ENV=production", async () => {
	requireBuild();
	const started = runExample(bun, ["run", "src/server.ts"], root, { PORT: "0", NODE_ENV: "production" });
	await expect(started).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
