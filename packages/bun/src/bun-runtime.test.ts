import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const bun = fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));

/** Runs test files under the real `bun` binary (`bun test`), against the workspace sources. */
function bunTest(files: string[], extra: string[] = []) {
	const result = spawnSync(bun, ["test", "--conditions=@identity/source", ...extra, ...files], {
		cwd: root,
		encoding: "utf8",
		timeout: 240_000,
		env: { ...process.env, NO_COLOR: "1" }
	});
	const output = `${result.stdout}\n${result.stderr}`;
	return { status: result.status, output };
}

test("bun test: createBunPasswordHasher() interoperates with core's Argon2id both ways", { timeout: 240_000 }, () => {
	const { status, output } = bunTest(["./test/password-hasher.bun.ts"]);
	expect(output).toMatch(/\b5 pass\b/);
	expect(output).toMatch(/\b0 fail\b/);
	expect(status, output).toBe(0);
});

test("bun test: Bun.serve routes with core guards, the Bun hasher and the bun:sqlite store", { timeout: 240_000 }, () => {
	const { status, output } = bunTest(["./test/serve.bun.ts"]);
	expect(output).toMatch(/\b2 pass\b/);
	expect(status, output).toBe(0);
});

test("bun test: the bun:sqlite store passes the shared store suite", { timeout: 240_000 }, () => {
	const { status, output } = bunTest(["./test/sqlite-store.bun.ts"]);
	expect(output).toMatch(/\b0 fail\b/);
	expect(output).toMatch(/\b(2\d|[3-9]\d) pass\b/);
	expect(status, output).toBe(0);
});
