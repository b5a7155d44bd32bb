#!/usr/bin/env node
// `pnpm start`: builds the workspace packages the demo runs on, then starts it (examples/demo).
// Only packages whose sources changed since their last build are built, and only their
// JavaScript (IDENTITY_BUILD_DTS=0: declarations take most of a build and running needs none), so
// a first start builds in seconds and a restart builds nothing. `pnpm build` and `pnpm test`
// still build everything, declarations included.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const demo = join(root, "examples", "demo");
const tsup = join(root, "node_modules", ".bin", "tsup");
const started = Date.now();
const log = (message) => console.log(`[start] ${message}`);

/** Workspace packages by name: their directory and the workspace packages they depend on. */
function workspacePackages() {
	const packages = new Map();
	for (const name of readdirSync(join(root, "packages"))) {
		const dir = join(root, "packages", name);
		if (!existsSync(join(dir, "package.json"))) continue;
		const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
		packages.set(manifest.name, { dir, manifest });
	}
	return packages;
}

/** The workspace packages `manifest` runs on, dependencies first. */
function buildOrder(manifest, packages, seen = new Set()) {
	const order = [];
	for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
		const found = packages.get(dependency);
		if (!found || seen.has(dependency)) continue;
		seen.add(dependency);
		order.push(...buildOrder(found.manifest, packages, seen), found);
	}
	return order;
}

/** The newest modification time of the files a build reads (sources, manifest, build config). */
function newestInput(dir) {
	const files = readdirSync(join(dir, "src"), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && !/\.test(-d)?\.ts$|\.test-helper\.ts$/.test(entry.name))
		.map((entry) => join(entry.parentPath ?? entry.path, entry.name));
	files.push(join(dir, "package.json"), join(dir, "tsup.config.ts"), join(root, "tsup.config.ts"));
	return Math.max(...files.filter(existsSync).map((file) => statSync(file).mtimeMs));
}

/** The oldest JavaScript output in dist/, or 0 when there is none. */
function oldestOutput(dir) {
	const dist = join(dir, "dist");
	if (!existsSync(dist)) return 0;
	const outputs = readdirSync(dist).filter((name) => name.endsWith(".js")).map((name) => statSync(join(dist, name)).mtimeMs);
	return outputs.length === 0 ? 0 : Math.min(...outputs);
}

const packages = workspacePackages();
const needed = buildOrder(JSON.parse(readFileSync(join(demo, "package.json"), "utf8")), packages);
for (const { dir, manifest } of needed) {
	if (oldestOutput(dir) >= newestInput(dir)) continue;
	const begun = Date.now();
	const build = spawnSync(tsup, [], { cwd: dir, env: { ...process.env, IDENTITY_BUILD_DTS: "0" }, encoding: "utf8" });
	if (build.status !== 0) {
		console.error(`${build.stdout}\n${build.stderr}`);
		console.error(`[start] building ${manifest.name} failed (above); fix it, or run npx -y pnpm@10.34.8 build for the whole picture`);
		process.exit(1);
	}
	log(`built ${manifest.name} (JavaScript only) in ${Date.now() - begun} ms`);
}
log(`packages ready in ${Date.now() - started} ms; starting the demo`);

const child = spawn(process.execPath, ["src/main.js"], { cwd: demo, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
