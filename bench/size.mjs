/**
 * The bundle size of @identity/core: `node bench/size.mjs` (needs `pnpm build`).
 *
 * Bundles packages/core/dist/index.js with esbuild (minified, ESM, platform "neutral", every export
 * kept) and reports the minified and gzipped bytes of:
 * - core alone: every dependency external (@oslojs/*, hash-wasm);
 * - core with its dependencies except hash-wasm (@oslojs/* bundled): what an application ships
 *   when it does not use the portable Argon2id/bcrypt hasher (hash-wasm is loaded only by it).
 * - an app that imports only `createIdentity`: what tree-shaking leaves.
 * The goal (issue 10) is <= 15 KB gzipped. Writes bench/results/size-latest.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entry = new URL("../packages/core/dist/index.js", import.meta.url).pathname;
const GOAL_BYTES = 15 * 1024;

async function measure(label, external, stdin) {
	const result = await build({
		...(stdin ? { stdin: { contents: stdin, resolveDir: new URL(".", import.meta.url).pathname, loader: "js" } } : { entryPoints: [entry] }),
		bundle: true,
		minify: true,
		format: "esm",
		platform: "neutral",
		target: "es2022",
		mainFields: ["module", "main"],
		external,
		write: false,
		metafile: true,
		logLevel: "silent"
	});
	const code = result.outputFiles[0].contents;
	const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
		.map(([path, { bytesInOutput }]) => [path.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "").replace(/^.*packages\/core\//, "core/"), bytesInOutput])
		.sort((a, b) => b[1] - a[1]);
	return { label, external, minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength, largestInputs: inputs.slice(0, 8) };
}

let pkg;
try {
	pkg = JSON.parse(readFileSync(new URL("../packages/core/package.json", import.meta.url), "utf8"));
	readFileSync(entry);
} catch {
	console.error("bench/size: packages/core/dist/index.js is missing; build first: npx -y pnpm@10.34.8 build");
	process.exit(1);
}
const rows = [
	await measure("@identity/core alone (all dependencies external)", Object.keys(pkg.dependencies ?? {})),
	await measure("@identity/core + @oslojs/* (hash-wasm external)", ["hash-wasm"]),
	// What tree-shaking leaves for an app that imports only createIdentity (and guards through it).
	await measure("an app importing only createIdentity (+ @oslojs/*, hash-wasm external)", ["hash-wasm"], `export { createIdentity } from ${JSON.stringify(entry)};`)
];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`bench/size: @identity/core ${pkg.version}, esbuild --bundle --minify --platform=neutral, gzip -9`);
console.log("| bundle | minified | min + gzip | <= 15 KB |");
console.log("|---|---:|---:|---|");
for (const row of rows) console.log(`| ${row.label} | ${kb(row.minifiedBytes)} | ${kb(row.gzippedBytes)} | ${row.gzippedBytes <= GOAL_BYTES ? "yes" : "no"} |`);
console.log(`  largest inputs (minified bytes): ${rows[1].largestInputs.slice(0, 4).map(([path, bytes]) => `${path} ${kb(bytes)}`).join(", ")}`);
const results = new URL("results/", import.meta.url);
mkdirSync(results, { recursive: true });
writeFileSync(new URL("size-latest.json", results), JSON.stringify({ date: new Date().toISOString(), version: pkg.version, goalBytes: GOAL_BYTES, rows }, null, 2) + "\n");
console.log("  written: bench/results/size-latest.json");
