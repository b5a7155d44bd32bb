#!/usr/bin/env node
/**
 * The walk of one guarded GET through @identity/core: which source files, and how many function
 * calls, one warm `rolesRequired(handler, "admin")` request with a valid session cookie touches.
 * Core's sources are transpiled file by file (no bundling, so each file stays a module) and V8's
 * precise coverage counts the calls of exactly one request.
 *
 *   node scripts/measure-walk.mjs [path/to/repository]   (default: this repository)
 */
import { execFileSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const root = resolve(process.argv[2] ?? new URL("..", import.meta.url).pathname);
const src = join(root, "packages/core/src");
const out = join(root, "packages/core/.walk");
const esbuild = createRequire(import.meta.url).resolve("esbuild/bin/esbuild", { paths: [join(new URL("..", import.meta.url).pathname, "packages/testing"), new URL("..", import.meta.url).pathname] });

const sources = [];
(function collect(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) collect(path);
		else if (/\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name)) sources.push(path);
	}
})(src);
rmSync(out, { recursive: true, force: true });
execFileSync(esbuild, [...sources, `--outdir=${out}`, `--outbase=${src}`, "--format=esm", "--platform=neutral", "--log-level=error"]);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
const { createIdentity, createMemoryStore } = await import(pathToFileURL(join(out, "index.js")).href);

const store = createMemoryStore();
const identity = createIdentity({ store, secret: "walk-secret-0123456789-abcdefghijklmnopqrstuvwxyz" });
await store.createRole({ name: "admin" });
const user = await store.createUser({ username: "ann", password: await identity.hashPassword("walk password"), roles: ["admin"] });
const login = new Request("http://localhost/login", { method: "POST" });
await identity.loginUser(login, user);
const cookie = identity.applyCookies(login, new Response(null)).headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
const guarded = identity.rolesRequired(() => new Response("ok"), "admin");
const request = () => new Request("http://localhost/admin", { headers: { cookie, accept: "application/json" } });
for (let i = 0; i < 3; i++) await guarded(request());

await session.post("Profiler.takePreciseCoverage"); // resets the counters
const response = await guarded(request());
const { result } = await session.post("Profiler.takePreciseCoverage");
session.disconnect();
if (response.status !== 200) throw new Error(`the walk request failed with ${response.status}`);

const files = [];
for (const script of result) {
	if (!script.url.startsWith(pathToFileURL(out).href)) continue;
	// After a reset, only the functions called since are listed, each with its call count.
	const calls = script.functions.reduce((sum, fn) => sum + (fn.ranges[0]?.count ?? 0), 0);
	if (calls > 0) files.push({ file: relative(out, new URL(script.url).pathname).replace(/\.js$/, ".ts"), calls, functions: script.functions.map((f) => f.functionName || "(anonymous)") });
}
rmSync(out, { recursive: true, force: true });
files.sort((a, b) => a.file.localeCompare(b.file));
const core = files.filter((f) => f.file !== "memory-store.ts");
console.log(`one guarded GET: ${core.length} core files, ${core.reduce((s, f) => s + f.calls, 0)} calls (plus the memory store: ${files.length - core.length} file)`);
for (const f of files) console.log(`  ${f.file.padEnd(32)} ${String(f.calls).padStart(3)}  ${f.functions.join(", ")}`);
