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
	const count = (word: string) => Number(new RegExp(`\\b(\\d+) ${word}\\b`).exec(output)?.[1] ?? Number.NaN);
	return { status: result.status, output, passed: count("pass"), failed: count("fail") };
}

/** What every run must show: bun exited 0, nothing failed, and at least `minimum` tests ran and passed. */
function expectGreen(run: ReturnType<typeof bunTest>, minimum: number) {
	expect(run.failed, run.output).toBe(0);
	expect(run.passed, run.output).toBeGreaterThanOrEqual(minimum);
	expect(run.status, run.output).toBe(0);
}

test("bun test: createBunPasswordHasher() interoperates with core's Argon2id both ways", { timeout: 240_000 }, () => {
	expectGreen(bunTest(["./test/password-hasher.bun.ts"]), 6);
});

test("bun test: Bun.serve routes with core guards, the Bun hasher and the bun:sqlite store", { timeout: 240_000 }, () => {
	expectGreen(bunTest(["./test/serve.bun.ts"]), 2);
});

test("bun test: the bun:sqlite store passes the shared store suite", { timeout: 240_000 }, () => {
	expectGreen(bunTest(["./test/sqlite-store.bun.ts"]), 60);
});
