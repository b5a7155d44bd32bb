#!/usr/bin/env node
// Installs the published packages as a user would: builds them (when dist is missing or older than
// src), packs each one with pnpm (workspace: ranges become real versions), then, in a brand-new
// project under the OS temp dir, runs `npm init -y` and `npm install`s the tarballs with the peers a
// user adds (kysely, better-sqlite3@12, express@5, typescript@5.9, @types/node@20, @types/express@5).
// It type-checks the README Quickstart, the Express Quickstart and an import of every entry with tsc
// (moduleResolution NodeNext, then Bundler), creates the starter with the installed `identity init`,
// runs both servers (a login, then a guarded request, with fetch) and `npx identity --version`.
// Only the npm registry is used. Exits non-zero on the first failure, saying which step failed.
// Usage: node scripts/packed-install.mjs [--build | --no-build] [--keep]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { exerciseQuickstart } from "./doc-blocks.mjs";
import { projectFiles } from "./packed-install/fixture.mjs";
import { runCommand } from "./packed-install/run-command.mjs";

const root = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
const argv = process.argv.slice(2);
const buildMode = argv.includes("--build") ? "always" : argv.includes("--no-build") ? "never" : "auto";
const pnpm = ["-y", "pnpm@10.34.8"];
// What a user would add next to the tarballs: the peers, the compiler and the types a TypeScript user installs.
const userPackages = ["kysely", "better-sqlite3@12", "express@5", "typescript@5.9", "@types/node@20", "@types/express@5"];
const adminPassword = "packed-install admin password";
const started = Date.now();

const log = (message) => console.log(`[packed-install] ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${message}`);

/** The environment of a user's shell: nothing from pnpm, npm, vitest or the repo's node_modules/.bin. */
function userEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(npm_|pnpm_|PNPM_|VITEST|IDENTITY_)/i.test(key) || ["INIT_CWD", "NODE_ENV", "NODE_OPTIONS", "TEST"].includes(key)) continue;
		env[key] = value;
	}
	env.PATH = (process.env.PATH ?? "").split(delimiter).filter((entry) => entry && !entry.startsWith(root + sep) && entry !== root).join(delimiter);
	return env;
}

/** Runs a command to completion (see runCommand), in a user's environment unless `env` is given. */
const run = (command, args, options = {}) => runCommand(command, args, { env: userEnv(), ...options });

/** The published packages: every packages/* that is not private. */
function publishedPackages() {
	return readdirSync(join(root, "packages"))
		.map((name) => join(root, "packages", name))
		.filter((dir) => existsSync(join(dir, "package.json")))
		.map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }))
		.filter(({ manifest }) => !manifest.private);
}

/** Modification times of every file under a directory. */
function mtimes(dir) {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
}

/** A package whose dist is missing, or older than a file of its src. */
function isStale({ dir }) {
	const dist = mtimes(join(dir, "dist"));
	return dist.length === 0 || Math.max(...mtimes(join(dir, "src"))) > Math.min(...dist);
}

/** Starts a compiled server, waits for its `listening on URL` line, and returns the URL and a stop. */
async function startServer(project, script) {
	const child = spawn(process.execPath, ["--env-file=.env", script], { cwd: project, env: { ...userEnv(), PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	const url = await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s:\n${output}`)), 30_000);
		const onData = (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/\S+)/i.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout.setEncoding("utf8").on("data", onData);
		child.stderr.setEncoding("utf8").on("data", onData);
		child.on("close", (code) => {
			clearTimeout(timer);
			reject(new Error(`${script} exited ${code} before listening:\n${output}`));
		});
	});
	const stop = async () => {
		const exited = new Promise((resolve) => child.once("close", resolve));
		child.kill("SIGTERM");
		const code = await exited;
		// A server without a SIGTERM handler ends by the signal (code null): that is a clean stop too.
		if (code !== 0 && code !== null) throw new Error(`${script} exited ${code} on SIGTERM:\n${output}`);
	};
	return { url, stop };
}

function expectEqual(what, actual, expected) {
	if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function main() {
	const packages = publishedPackages();
	const names = packages.map(({ manifest }) => manifest.name);
	log(`published packages: ${names.join(", ")}`);
	const stale = packages.filter(isStale).map(({ manifest }) => manifest.name);
	if (buildMode === "always" || (buildMode === "auto" && stale.length > 0)) {
		log(buildMode === "always" ? "building (--build)" : `building: dist is missing or older than src in ${stale.join(", ")}`);
		await run("npx", [...pnpm, "build"], { cwd: root, env: process.env });
	} else if (stale.length > 0) {
		throw new Error(`--no-build, but dist is missing or older than src in ${stale.join(", ")}: run npx -y pnpm@10.34.8 build`);
	}

	const work = mkdtempSync(join(realpathSync(tmpdir()), "identity-packed-"));
	if (work.startsWith(root + sep)) throw new Error(`the temp dir ${work} is inside the repo`);
	const tarballs = join(work, "tarballs");
	const project = join(work, "app");
	mkdirSync(tarballs);
	mkdirSync(project);
	try {
		log(`packing into ${tarballs}`);
		await run("npx", [...pnpm, "-r", ...names.flatMap((name) => ["--filter", name]), "pack", "--pack-destination", tarballs], { cwd: root, env: process.env });
		const files = readdirSync(tarballs).filter((file) => file.endsWith(".tgz")).map((file) => join(tarballs, file));
		expectEqual("tarballs packed", files.length, names.length);
		for (const file of files) {
			const { stdout } = await run("tar", ["-xzOf", file, "package/package.json"], { cwd: work });
			if (stdout.includes("workspace:")) throw new Error(`${file} still has a workspace: range in its package.json`);
		}

		log(`new project ${project}: npm init -y, type module, npm install ${files.length} tarballs + ${userPackages.join(" ")}`);
		await run("npm", ["init", "-y"], { cwd: project });
		await run("npm", ["pkg", "set", "type=module"], { cwd: project });
		await run("npm", ["install", "--no-audit", "--no-fund", ...files, ...userPackages], { cwd: project, timeoutMs: 900_000 });
		const { stdout: tree } = await run("npm", ["ls", "--all", "--json"], { cwd: project }).catch((error) => {
			throw new Error(`npm ls reports problems (missing or invalid peer dependencies?):\n${error.message}`);
		});
		const problems = JSON.parse(tree).problems ?? [];
		if (problems.length > 0) throw new Error(`npm ls: ${problems.join("; ")}`);

		for (const [path, text] of Object.entries(projectFiles)) {
			mkdirSync(dirname(join(project, path)), { recursive: true });
			writeFileSync(join(project, path), text);
		}
		for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
			log(`tsc -p ${config}`);
			await run("npx", ["tsc", "-p", config], { cwd: project });
		}

		log("npx identity --version, then npx identity init (the tarball's CLI)");
		const cliVersion = packages.find(({ manifest }) => manifest.name === "@identity/cli")?.manifest.version;
		const { stdout: version } = await run("npx", ["identity", "--version"], { cwd: project });
		expectEqual("npx identity --version", version, `${cliVersion}\n`);
		await run("npx", ["identity", "init", "--admin", "admin", "--password-stdin"], { cwd: project, input: `${adminPassword}\n` });
		if (!/^IDENTITY_SECRET=[0-9a-f]{64}$/m.test(readFileSync(join(project, ".env"), "utf8"))) throw new Error("identity init wrote no IDENTITY_SECRET to .env");

		const { stdout: entries } = await run(process.execPath, ["dist/entries.js"], { cwd: project });
		const { counts, resolved } = JSON.parse(entries);
		for (const [name, count] of Object.entries(counts)) if (!(count > 0)) throw new Error(`entry ${name} exports nothing`);
		log(`every entry loads (${Object.entries(counts).map(([name, count]) => `${name}: ${count} exports`).join(", ")}; resolved ${resolved.length} more)`);

		for (const script of ["dist/server.js", "dist/express-server.js"]) {
			log(`node --env-file=.env ${script}: login, then a guarded request`);
			const server = await startServer(project, script);
			try {
				await exerciseQuickstart(server.url, { username: "admin", password: adminPassword }).catch((error) => {
					throw new Error(`${script}: ${error.message}`);
				});
			} finally {
				await server.stop();
			}
		}
		log(`ok: ${names.length} packages installed from tarballs, type-checked (NodeNext, Bundler) and run`);
	} finally {
		if (argv.includes("--keep")) log(`kept ${work}`);
		else rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`[packed-install] FAILED: ${error.message}`);
	process.exit(1);
});
