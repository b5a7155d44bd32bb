import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exampleUsers } from "../src/users.ts";
import { testReadmeRun } from "../../test-support/readme-users.ts";
import { runExample, type StartedExample } from "../../test-support/run-example.ts";

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

	testReadmeRun(() => example, readme, exampleUsers);
});

test("examples/deno refuses to start without IDENTITY_SECRET under NODE_ENV=production", async () => {
	requireBuild();
	const started = runExample(deno, serverArgs, root, { PORT: "0", DENO_NO_UPDATE_CHECK: "1", NODE_ENV: "production" });
	await expect(started).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
