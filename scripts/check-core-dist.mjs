#!/usr/bin/env node
// CI check: the built @identity/core must import nothing from Node (no `node:` specifier, no bare
// Node builtin such as "crypto" or "fs", no process.env), so it runs on workerd, Deno and browsers.
// Usage: node scripts/check-core-dist.mjs [distDir]   (after `pnpm build`)
import { builtinModules } from "node:module";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = process.argv[2] ?? fileURLToPath(new URL("../packages/core/dist", import.meta.url));
if (!existsSync(dist)) {
	console.error(`check-core-dist: ${dist} does not exist; run \`pnpm build\` first`);
	process.exit(1);
}
const builtins = new Set(builtinModules.filter((name) => !name.startsWith("_")));
// import ... from "x", export ... from "x", import "x", import("x"), require("x")
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
const problems = [];
const files = readdirSync(dist, { recursive: true }).map(String).filter((file) => /\.(m?js|d\.ts)$/.test(file));
for (const file of files) {
	const text = readFileSync(join(dist, file), "utf8");
	for (const [, specifier] of text.matchAll(specifiers)) {
		if (specifier.startsWith("node:") || builtins.has(specifier.split("/")[0])) problems.push(`${file}: imports "${specifier}"`);
	}
	if (file.endsWith("js") && /\bprocess\.env\b/.test(text)) problems.push(`${file}: reads process.env`);
}
if (files.length === 0) problems.push("no built files found");
if (problems.length > 0) {
	console.error(`check-core-dist: @identity/core's build must not depend on Node:\n  ${problems.join("\n  ")}`);
	process.exit(1);
}
console.log(`check-core-dist: ${files.length} files in ${dist}, no Node imports`);
