#!/usr/bin/env node
// CI packaging check, run after `pnpm build` (the root `test` script does): for every published
// package in packages/* it checks the house package.json shape, that every `exports`/`main`/`types`/
// `bin` target exists, and runs publint on what `npm pack` would publish (errors fail the check).
// For @identity/core it also runs scripts/check-core-dist.mjs (no Node imports, no process.env)
// and checks that the built JavaScript never mentions `Buffer`.
// Usage: node scripts/check-packages.mjs [packagesDir]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = fileURLToPath(new URL("..", import.meta.url));
const packagesDir = process.argv[2] ?? join(root, "packages");
const conditionOrder = ["@identity/source", "types", "default"];

/** Problems with the package.json itself (the house rules of STYLE.md 2.8). */
function checkManifest(pkg) {
	const problems = [];
	if (pkg.type !== "module") problems.push(`"type" must be "module" (is ${JSON.stringify(pkg.type)})`);
	if (pkg.sideEffects !== false) problems.push(`"sideEffects" must be false (is ${JSON.stringify(pkg.sideEffects)})`);
	if (JSON.stringify(pkg.files) !== '["dist"]') problems.push(`"files" must be ["dist"] (is ${JSON.stringify(pkg.files)})`);
	if (!pkg.engines?.node) problems.push(`"engines.node" is missing`);
	const exports = pkg.exports;
	if (typeof exports !== "object" || exports === null || Array.isArray(exports)) {
		problems.push(`"exports" must be an object of subpaths`);
		return problems;
	}
	if (!("." in exports)) problems.push(`"exports" has no "." entry`);
	if (exports["./package.json"] !== "./package.json") problems.push(`"exports" must map "./package.json" to itself`);
	for (const [subpath, target] of Object.entries(exports)) {
		if (subpath === "./package.json") continue;
		const keys = typeof target === "object" && target !== null ? Object.keys(target) : [];
		if (JSON.stringify(keys) !== JSON.stringify(conditionOrder)) {
			problems.push(`exports["${subpath}"] must have exactly the conditions ${conditionOrder.join(", ")} in that order (has ${keys.join(", ") || typeof target})`);
		}
	}
	return problems;
}

/** Every file the manifest points at: exports targets (all conditions), main, types, bin. */
function manifestTargets(pkg) {
	const targets = [];
	const walk = (value, where) => {
		if (typeof value === "string") targets.push([where, value]);
		else if (value && typeof value === "object") for (const [key, inner] of Object.entries(value)) walk(inner, `${where}[${JSON.stringify(key)}]`);
	};
	walk(pkg.exports, "exports");
	for (const field of ["main", "types", "module"]) if (typeof pkg[field] === "string") targets.push([field, pkg[field]]);
	if (typeof pkg.bin === "string") targets.push(["bin", pkg.bin]);
	else if (pkg.bin) for (const [name, path] of Object.entries(pkg.bin)) targets.push([`bin.${name}`, path]);
	return targets;
}

function checkTargets(dir, pkg) {
	return manifestTargets(pkg)
		.filter(([, path]) => !path.includes("*") && !existsSync(join(dir, path)))
		.map(([where, path]) => `${where} points at ${path}, which does not exist (did \`pnpm build\` run?)`);
}

/** The built core must run where there is no Node: no `Buffer` either (check-core-dist covers imports and process.env). */
function checkCoreDist(dir) {
	const problems = [];
	const result = spawnSync(process.execPath, [join(root, "scripts/check-core-dist.mjs"), join(dir, "dist")], { encoding: "utf8" });
	if (result.status !== 0) problems.push((result.stderr || result.stdout).trim());
	const dist = join(dir, "dist");
	if (existsSync(dist)) {
		for (const file of readdirSync(dist, { recursive: true }).map(String).filter((f) => /\.m?js$/.test(f))) {
			if (/(?<![\w$])Buffer\b/.test(readFileSync(join(dist, file), "utf8"))) problems.push(`dist/${file} mentions Buffer`);
		}
	}
	return problems;
}

async function checkPackage(name) {
	const dir = join(packagesDir, name);
	const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
	if (pkg.private) return { name: pkg.name ?? name, skipped: true, problems: [], notes: [] };
	const problems = [...checkManifest(pkg), ...checkTargets(dir, pkg)];
	if (pkg.name === "@identity/core") problems.push(...checkCoreDist(dir));
	const notes = [];
	// "npm" packs with the `files` field exactly as a publish would, without needing pnpm on PATH.
	const { messages, pkg: linted } = await publint({ pkgDir: dir, pack: "npm", level: "suggestion" });
	for (const message of messages) {
		const text = `publint ${message.type}: ${formatMessage(message, linted, { color: false }) ?? message.code}`;
		if (message.type === "error") problems.push(text);
		else notes.push(text);
	}
	return { name: pkg.name, skipped: false, problems, notes };
}

const names = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, "package.json")));
const results = await Promise.all(names.map(checkPackage));
let failed = 0;
for (const { name, skipped, problems, notes } of results) {
	if (skipped) {
		console.log(`check-packages: - ${name} (private, not published)`);
		continue;
	}
	console.log(`check-packages: ${problems.length ? "FAIL" : "ok  "} ${name}`);
	for (const problem of problems) console.log(`    x ${problem}`);
	for (const note of notes) console.log(`    ! ${note}`);
	if (problems.length) failed += 1;
}
const published = results.filter((r) => !r.skipped).length;
if (published === 0) {
	console.error("check-packages: no published package found");
	process.exit(1);
}
console.log(`check-packages: ${published - failed} of ${published} published packages pass`);
if (failed) process.exit(1);
