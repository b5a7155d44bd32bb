import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { buildWorker } from "../scripts/build.mjs";
import { startWorker } from "./start-worker.js";

const packages = fileURLToPath(new URL("../../../packages/", import.meta.url));
const coreDist = `${packages}core/dist`;
const built = ["core", "kysely"].every((name) => existsSync(`${packages}${name}/dist/index.js`));

if (!built && process.env.CI !== "true") {
	console.warn("[examples/workerd] SKIPPED the built-core checks: packages/core and packages/kysely are not built (run `npx -y pnpm@10.34.8 build`).");
}

/** `import "node:x"`, `from "node:x"`, `import("node:x")`, `require("node:x")`. */
const nodeSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']node:/;

describe.skipIf(!built && process.env.CI !== "true")("the built @identity/core", () => {
	test("packages/core/dist has no node: specifier", () => {
		expect(built, "packages/core and packages/kysely must be built before the tests in CI").toBe(true);
		const files = readdirSync(coreDist).filter((file) => file.endsWith(".js"));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) expect(readFileSync(`${coreDist}/${file}`, "utf8"), file).not.toMatch(nodeSpecifier);
	});

	test("runs in workerd: the worker bundled from dist/ serves the login form and a JSON login", async () => {
		const worker = await startWorker(await buildWorker({ outfile: "dist/worker-from-dist.js", fromDist: true }));
		try {
			expect((await fetch(`${worker.url}/identity/login`, { headers: { accept: "text/html" } })).status).toBe(200);
			const response = await fetch(`${worker.url}/identity/login`, {
				method: "POST",
				headers: { "content-type": "application/json", accept: "application/json" },
				body: JSON.stringify({ username: "admin", password: "admin-password-1" })
			});
			expect(response.status).toBe(200);
		} finally {
			await worker.close();
		}
	});
});
