// Bundles the worker into one ES module for workerd: `node scripts/build.mjs [--dist]`.
// By default workspace packages are bundled from their TypeScript source (the `@identity/source`
// condition); `--dist` bundles @identity/core from its built `dist/` instead, which is what a
// published install would run.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Bundles `entry` to `outfile`; returns the output path. */
export async function buildWorker({ entry = "src/worker.ts", outfile = "dist/worker.js", fromDist = false } = {}) {
	await build({
		absWorkingDir: root,
		entryPoints: [entry],
		outfile,
		bundle: true,
		format: "esm",
		platform: "browser",
		target: "es2022",
		conditions: fromDist ? ["workerd", "worker"] : ["@identity/source", "workerd", "worker"],
		mainFields: ["module", "main"],
		logLevel: "warning"
	});
	return new URL(outfile, `file://${root}/`).pathname;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	console.log(await buildWorker({ fromDist: process.argv.includes("--dist") }));
}
