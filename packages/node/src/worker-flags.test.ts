import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { ensureDist } from "./test-helpers.js";
import { workerExecArgv } from "./worker-hasher.js";

// Node refuses V8 and process-wide flags in a worker's explicit `execArgv`
// (ERR_WORKER_INVALID_EXEC_ARGV) but accepts them inherited. The pool used to pass the parent's
// flags explicitly, so in a server started with `node --max-old-space-size=...` (or --expose-gc)
// every hash and verify failed, and every login, the right password included, answered 401.

// The child process below is plain Node: it runs the built packages.
beforeAll(() => {
	ensureDist("core");
	ensureDist("node");
}, 240_000);

describe("workerExecArgv()", () => {
	test("inherits the parent's flags (undefined) when they carry no @identity/source condition", () => {
		expect(workerExecArgv([])).toBeUndefined();
		expect(workerExecArgv(["--max-old-space-size=256", "--expose-gc", "--enable-source-maps"])).toBeUndefined();
	});

	test("drops the @identity/source condition, in each spelling, and keeps the other flags", () => {
		expect(workerExecArgv(["--conditions=@identity/source", "--enable-source-maps"])).toEqual(["--enable-source-maps"]);
		expect(workerExecArgv(["-C", "@identity/source", "--conditions", "other"])).toEqual(["--conditions", "other"]);
		expect(workerExecArgv(["-C=@identity/source"])).toEqual([]);
	});
});

test("createWorkerPoolHasher() hashes and verifies in a process started with --max-old-space-size and --expose-gc", () => {
	const entry = pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href;
	const script = `
		import { createWorkerPoolHasher } from ${JSON.stringify(entry)};
		const pool = createWorkerPoolHasher({ size: 1, params: { memorySize: 1024, iterations: 1 } });
		const hash = await pool.hash("correct horse battery");
		console.log(await pool.verify("correct horse battery", hash), await pool.verify("wrong horse battery", hash));
		await pool.close();`;
	// A file, not `-e`: workers inherit `--input-type`, which Node allows only with `-e`.
	const dir = mkdtempSync(join(tmpdir(), "identity-worker-flags-"));
	try {
		writeFileSync(join(dir, "main.mjs"), script);
		const output = execFileSync(process.execPath, ["--max-old-space-size=256", "--expose-gc", join(dir, "main.mjs")], {
			encoding: "utf8",
			env: { ...process.env, NODE_OPTIONS: "" },
			timeout: 60_000
		});
		expect(output.trim()).toBe("true false");
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}, 90_000);
