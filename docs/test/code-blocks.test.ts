// Every code block of the docs (README.md, SECURITY.md, packages/*/README.md, examples/*/README.md,
// docs/*.md), checked so the docs cannot drift from the code:
// - each TypeScript block compiles, against the built packages as a user installs them;
// - each shell command names what exists: root and package scripts, published packages, the
//   CLI's commands and options, files and folders of the repository;
// - each Quickstart (a block marked `<!-- check: run quickstart-... -->`) is run on its runtime,
//   after `identity init` as its README says, and signed in to.
// The block syntax (directives) is described in scripts/doc-blocks.mjs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import ts from "typescript";
import { afterAll, describe, expect, test } from "vitest";
import { allBlocks, exerciseQuickstart } from "../../scripts/doc-blocks.mjs";
import { givenNames, runtimeTypes } from "./preludes.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const docsModules = join(root, "docs", "node_modules");
const cli = join(root, "packages", "cli", "dist", "cli.js");

interface Block {
	file: string;
	line: number;
	lang: string;
	code: string;
	directive: { given: string[]; runtime: string; run: string | null; file: string | null; skip: string | null };
}
const blocks = allBlocks(root) as Block[];
const where = (block: Block) => `${block.file}:${block.line}`;

const built = ["core", "kysely", "node", "bun", "express", "next", "redis", "cli"].every((name) => existsSync(join(root, "packages", name, "dist")));
if (!built) {
	if (process.env.CI === "true") throw new Error("docs/test: the packages are not built (run npx -y pnpm@10.34.8 build; the test command does)");
	console.warn("\n*** SKIPPED: the docs' code blocks are checked against the built packages: run npx -y pnpm@10.34.8 build ***\n");
}

/** A user's project outside the repo: a package.json (ES module) and node_modules linked to docs/'s. */
const projects: string[] = [];
function userProject(name: string): string {
	const dir = mkdtempSync(join(realpathSync(tmpdir()), `identity-docs-${name}-`));
	projects.push(dir);
	writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `docs-${name}`, private: true, type: "module" }));
	symlinkSync(docsModules, join(dir, "node_modules"), "dir");
	return dir;
}
afterAll(() => {
	for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!built)("the docs' code blocks", () => {
	test("there are blocks to check, and every directive names a known name, runtime and scenario", () => {
		expect(blocks.filter((b) => b.lang === "ts").length).toBeGreaterThanOrEqual(10);
		for (const block of blocks) {
			for (const name of block.directive.given) expect(Object.keys(givenNames), `${where(block)}: given ${name}`).toContain(name);
			expect([...Object.keys(runtimeTypes), "deno"], `${where(block)}: runtime`).toContain(block.directive.runtime);
			if (block.directive.run) expect(Object.keys(scenarios), `${where(block)}: run`).toContain(block.directive.run);
		}
		// Each scenario is shown exactly once, so no README can lose its Quickstart's check.
		for (const name of Object.keys(scenarios)) expect(blocks.filter((b) => b.directive.run === name).map(where), name).toHaveLength(1);
	});

	test("every TypeScript block compiles against the built packages", { timeout: 240_000 }, () => {
		const failures: string[] = [];
		const typed = blocks.filter((b) => (b.lang === "ts" || b.lang === "tsx" || b.lang === "typescript") && !b.directive.skip && b.directive.runtime !== "deno");
		for (const [runtime, settings] of Object.entries(runtimeTypes)) {
			const group = typed.filter((b) => b.directive.runtime === runtime);
			if (group.length === 0) continue;
			const project = userProject(`tsc-${runtime}`);
			// A block's place in the project: its `file` directive (blocks of one doc may import each
			// other), else a file of its own. The prelude is one line, so line numbers map back.
			const sources = new Map<string, Block>();
			for (const block of group) {
				const slug = block.file.replace(/[^\w]+/g, "_");
				const path = join(project, slug, block.directive.file ?? `block-${block.line}.${block.lang === "tsx" ? "tsx" : "ts"}`);
				mkdirSync(dirname(path), { recursive: true });
				const prelude = block.directive.given.map((name) => givenNames[name]).join(" ");
				const isModule = /^\s*(import|export)\s/m.test(block.code);
				writeFileSync(path, `${prelude}\n${block.code}\n${isModule ? "" : "export {};\n"}`);
				sources.set(path, block);
			}
			const program = ts.createProgram([...sources.keys()], {
				strict: true,
				noEmit: true,
				skipLibCheck: true,
				target: ts.ScriptTarget.ES2022,
				module: ts.ModuleKind.ESNext,
				moduleResolution: ts.ModuleResolutionKind.Bundler,
				lib: settings.lib.map((lib) => `lib.${lib.toLowerCase()}.d.ts`),
				types: settings.types,
				typeRoots: [join(project, "node_modules", "@types")],
				jsx: settings.jsx === "preserve" ? ts.JsxEmit.Preserve : undefined,
				baseUrl: undefined
			});
			for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
				const file = diagnostic.file?.fileName;
				const block = file ? sources.get(realpathSync(file)) ?? sources.get(file) : undefined;
				const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
				if (!block || diagnostic.start === undefined) {
					failures.push(`(${runtime}) ${message}`);
					continue;
				}
				const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start);
				failures.push(`${block.file}:${block.line + line - 1} (${runtime}): ${message}`);
			}
		}
		expect(failures, failures.join("\n")).toEqual([]);
	});

	test("every password a block hashes would pass the default policy (8+ characters), as the CLI demands", () => {
		const short = blocks.flatMap((block) => [...block.code.matchAll(/hashPassword\(\s*["'`]([^"'`]*)["'`]/g)].filter((m) => [...m[1]!].length < 8).map((m) => `${where(block)}: "${m[1]}"`));
		expect(short, short.join("\n")).toEqual([]);
	});

	test("every shell command names scripts, packages, CLI commands and options, and paths that exist", { timeout: 240_000 }, () => {
		const failures = blocks.filter((b) => ["sh", "bash", "shell"].includes(b.lang)).flatMap((block) => checkShellBlock(block).map((problem) => `${where(block)}: ${problem}`));
		expect(failures, failures.join("\n")).toEqual([]);
	});

	// The Quickstarts, run as their READMEs say: `identity init --generate-password` in a new
	// project, then the block as the server, then a sign-in and the guarded pages.
	for (const [name, scenario] of Object.entries(scenarios)) {
		const block = blocks.find((b) => b.directive.run === name);
		test.skipIf(!block || !scenario.available())(`the ${name} block (${block ? where(block) : "missing"}) serves the login, / and /admin ${scenario.note}`, { timeout: 120_000 }, async () => {
			const project = userProject(name);
			const init = spawnSync(process.execPath, [cli, "init", "--generate-password"], { cwd: project, encoding: "utf8", timeout: 60_000 });
			expect(init.status, init.stderr).toBe(0);
			const password = /Password of admin \(shown once, keep it now\): (\S+)/.exec(init.stdout)?.[1];
			expect(password, init.stdout).toBeTruthy();
			const server = await startServer(await scenario.start(project, block!.code), project);
			try {
				await exerciseQuickstart(server.url, { username: "admin", password: password! });
			} catch (error) {
				throw new Error(`${where(block!)}: ${(error as Error).message}\n--- server output ---\n${server.output()}`);
			} finally {
				await server.stop();
			}
		});
	}
});

// ---- Quickstart scenarios -------------------------------------------------------------------

interface Scenario {
	note: string;
	available(): boolean;
	/** Writes the block into the project and returns the command that serves it. */
	start(project: string, code: string): Promise<{ command: string; args: string[] }>;
}

// The runtimes' own executables (node_modules/.bin holds wrappers that do not pass signals on).
const bunExecutable = join(docsModules, "bun", "bin", "bun.exe");
const denoExecutable = join(docsModules, "deno", "deno");
/** Node runs the block compiled by esbuild (what tsx does), with the .env loaded as the README says. */
const nodeScenario: Scenario = {
	note: "on Node",
	available: () => true,
	async start(project, code) {
		const { code: js } = await transform(code, { loader: "ts", format: "esm", target: "node20" });
		writeFileSync(join(project, "server.mjs"), js);
		return { command: process.execPath, args: ["--env-file=.env", "server.mjs"] };
	}
};
const requireBinary = (name: string, path: string) => {
	const found = existsSync(path);
	if (!found && process.env.CI === "true") throw new Error(`docs/test: ${path} is missing under CI=true`);
	if (!found) console.warn(`\n*** SKIPPED: the ${name} Quickstart needs ${path} (npx -y pnpm@10.34.8 install) ***\n`);
	return found;
};
const scenarios: Record<string, Scenario> = {
	"quickstart-node": nodeScenario,
	"quickstart-express": { ...nodeScenario, note: "on Express" },
	"quickstart-bun": {
		note: "on Bun (bun server.ts, .env read by Bun)",
		available: () => requireBinary("bun", bunExecutable),
		async start(project, code) {
			writeFileSync(join(project, "server.ts"), code);
			return { command: bunExecutable, args: ["server.ts"] };
		}
	},
	"quickstart-deno": {
		note: "on Deno (deno run --env-file ... server.ts)",
		available: () => requireBinary("deno", denoExecutable),
		async start(project, code) {
			writeFileSync(join(project, "server.ts"), code);
			return { command: denoExecutable, args: ["run", "--env-file", "--allow-net", "--allow-env", "--allow-read", "--allow-write", "server.ts"] };
		}
	}
};

/** Starts a server on a free port (PORT=0) and waits for its "Listening on <url>" line. */
async function startServer({ command, args }: { command: string; args: string[] }, cwd: string) {
	const env: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^(VITEST|IDENTITY_|NODE_OPTIONS$)/.test(key)) env[key] = value;
	const child = spawn(command, args, { cwd, env: { ...env, PORT: "0", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }, stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	const url = await new Promise<string>((resolveUrl, reject) => {
		const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} did not say "Listening on" in 60 s:\n${output}`)), 60_000);
		const onData = (chunk: string) => {
			output += chunk;
			const match = /listening on (https?:\/\/[^\s/]+)/i.exec(output);
			if (match) {
				clearTimeout(timer);
				resolveUrl(match[1]!.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1"));
			}
		};
		child.stdout.setEncoding("utf8").on("data", onData);
		child.stderr.setEncoding("utf8").on("data", onData);
		child.on("close", (code) => {
			clearTimeout(timer);
			reject(new Error(`${command} ${args.join(" ")} exited ${code} before listening:\n${output}`));
		});
	});
	return {
		url,
		output: () => output,
		stop: () =>
			new Promise<void>((done) => {
				if (child.exitCode !== null || child.signalCode !== null) return done();
				const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
				child.once("close", () => {
					clearTimeout(kill);
					done();
				});
				child.kill("SIGTERM");
			})
	};
}

// ---- Shell commands -------------------------------------------------------------------------

const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { packageManager: string; scripts: Record<string, string> };
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, "");
const workspacePackages = new Map<string, { dir: string; private: boolean; scripts: Record<string, string>; deps: string[] }>();
for (const group of ["packages", "examples", "bench", "docs"]) {
	const dirs = group === "bench" || group === "docs" ? [join(root, group)] : readdirSync(join(root, group)).map((name) => join(root, group, name));
	for (const dir of dirs) {
		const path = join(dir, "package.json");
		if (!existsSync(path)) continue;
		const manifest = JSON.parse(readFileSync(path, "utf8"));
		const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies });
		workspacePackages.set(manifest.name, { dir, private: manifest.private === true, scripts: manifest.scripts ?? {}, deps });
	}
}
/** What a README may tell a user to install: a published package of ours, or a dependency or peer one of them names. */
const installable = new Set([...workspacePackages.entries()].filter(([, p]) => !p.private).flatMap(([name, p]) => [name, ...p.deps]));
const pnpmBuiltins = new Set(["install", "i", "add", "exec", "dlx", "run", "pack", "publish", "-r", "--filter"]);
/** Commands a README may use that need no check here (other tools, shell built-ins). */
const freeCommands = new Set(["curl", "export", "printf", "echo", "openssl", "psql", "redis-server", "redis-cli", "git", "apt-get", "sudo", "tsx"]);
const cliGlobalsWithValue = new Set(["--db", "--identity-field", "--table-prefix"]);

/** The commands of a block: continuation lines joined, comments dropped, split at && || ; and |. */
function shellCommands(code: string): string[][] {
	const text = code.replace(/\\\n\s*/g, " ");
	const commands: string[][] = [];
	for (const rawLine of text.split("\n")) {
		const line = rawLine.replace(/(^|\s)#.*$/, "").trim();
		if (!line) continue;
		for (const part of line.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
			const words = (part.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
			while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words.shift();
			if (words.length > 0) commands.push(words);
		}
	}
	return commands;
}

function checkShellBlock(block: Block): string[] {
	const problems: string[] = [];
	let cwd = root;
	for (const words of shellCommands(block.code)) {
		const [head, ...rest] = words;
		const shown = words.join(" ");
		if (head === "pnpm") problems.push(`"${shown}": a fresh machine has no pnpm; write npx -y pnpm@${pnpmVersion}`);
		else if (head === "npx" && rest[0] === "-y" && rest[1]?.startsWith("pnpm@")) {
			if (rest[1] !== `pnpm@${pnpmVersion}`) problems.push(`"${shown}": the repository pins pnpm@${pnpmVersion}`);
			problems.push(...checkPnpm(rest.slice(2), shown, cwd));
		} else if (head === "npx" && (rest[0] === "identity" || rest[0] === "@identity/cli")) problems.push(...checkCli(rest.slice(1), shown));
		else if (head === "identity") problems.push(...checkCli(rest, shown));
		else if (head === "npm" && (rest[0] === "install" || rest[0] === "i")) {
			for (const name of rest.slice(1).filter((w) => !w.startsWith("-"))) {
				const bare = name.replace(/(?<=.)@[^/]*$/, "");
				if (!installable.has(bare)) problems.push(`"${shown}": ${bare} is neither a published @identity package nor a dependency of one`);
			}
		} else if (head === "bun" && rest[0] === "add") {
			for (const name of rest.slice(1)) if (!installable.has(name)) problems.push(`"${shown}": ${name} is not installable`);
		} else if (head === "npm" && (rest[0] === "init" || rest[0] === "pkg")) continue;
		else if (head === "cd") {
			const target = resolve(cwd, rest[0] ?? "");
			if (!existsSync(target)) problems.push(`"${shown}": ${rest[0]} does not exist (from the repository root)`);
			cwd = target;
		} else if (head === "node" || head?.endsWith("/bun") || head?.endsWith("/deno")) {
			if (head !== "node" && !existsSync(resolve(cwd, head!))) problems.push(`"${shown}": ${head} does not exist in ${cwd}`);
			// A script is checked where the block has changed directory, or when it names a repository path.
			const script = rest.find((w) => !w.startsWith("-") && /\.m?[jt]s$/.test(w));
			const checkable = script && (cwd !== root || /^(scripts|examples|packages|bench)\//.test(script));
			if (checkable && !existsSync(resolve(cwd, script))) problems.push(`"${shown}": ${script} does not exist in ${cwd}`);
		} else if (!freeCommands.has(head!)) problems.push(`"${shown}": no rule for ${head} (add one to docs/test/code-blocks.test.ts)`);
	}
	return problems;
}

function checkPnpm(args: string[], shown: string, cwd: string): string[] {
	let filter: string | null = null;
	const words: string[] = [];
	for (let i = 0; i < args.length; i++) {
		if (args[i] === "--filter") filter = args[++i] ?? null;
		else if (args[i] !== "-r" && !args[i]!.startsWith("--")) words.push(args[i]!);
	}
	const script = words[0];
	if (!script) return [`"${shown}": no pnpm command`];
	if (filter) {
		const target = workspacePackages.get(filter);
		if (!target) return [`"${shown}": no workspace package ${filter}`];
		return script in target.scripts || pnpmBuiltins.has(script) ? [] : [`"${shown}": ${filter} has no script "${script}"`];
	}
	const here = [...workspacePackages.values()].find((p) => p.dir === cwd);
	const scripts = here ? here.scripts : rootManifest.scripts;
	return script in scripts || pnpmBuiltins.has(script) ? [] : [`"${shown}": no script "${script}" ${here ? `in ${cwd}` : "in the root package.json"}`];
}

/**
 * A CLI command: its leading words must name a command (by that command's own --help usage line),
 * its other words fit the usage's arguments, and its options must be that command's.
 */
function checkCli(args: string[], shown: string): string[] {
	// The options every command takes may come first (`identity --db URL migrate`).
	const rest: string[] = [];
	for (let i = 0; i < args.length; i++) {
		if (cliGlobalsWithValue.has(args[i]!)) i++;
		else rest.push(args[i]!);
	}
	const leading = rest.slice(0, rest.findIndex((w) => w.startsWith("-")) === -1 ? rest.length : rest.findIndex((w) => w.startsWith("-")));
	if (leading.length === 0) return rest.every((o) => ["--help", "-h", "--version", "-v"].includes(o)) ? [] : [`"${shown}": options without a command`];
	for (let length = Math.min(leading.length, 3); length > 0; length--) {
		const command = leading.slice(0, length).join(" ");
		const help = spawnSync(process.execPath, [cli, ...leading.slice(0, length), "--help"], { encoding: "utf8", timeout: 20_000 });
		const usage = /^Usage: identity (.+)$/m.exec(help.stdout ?? "")?.[1];
		if (help.status !== 0 || !usage?.startsWith(`${command} `)) continue;
		// Options that take a value, as the help lists them (`--role <name>`).
		const valued = new Set([...help.stdout.matchAll(/^\s+(--[\w-]+) </gm)].map((m) => m[1]!));
		const options: string[] = [];
		const positionals = leading.slice(length);
		for (let i = leading.length; i < rest.length; i++) {
			const word = rest[i]!;
			if (!word.startsWith("-")) positionals.push(word);
			else {
				options.push(word.split("=")[0]!);
				if (valued.has(word) && !word.includes("=")) i++;
			}
		}
		const slots = (usage.slice(command.length).match(/<[^>]+>|\[(?!options\])[^\]]+\]/g) ?? []).length;
		if (positionals.length > slots) return [`"${shown}": "identity ${command}" takes ${slots} argument(s), the line gives ${positionals.length}`];
		const unknown = options.filter((o) => !["--help", "-h"].includes(o) && !new RegExp(`^\\s+(-\\w, )?${o}\\b`, "m").test(help.stdout));
		return unknown.length === 0 ? [] : [`"${shown}": identity ${command} has no option ${unknown.join(", ")}`];
	}
	return [`"${shown}": "identity ${leading.join(" ")}" is not a command`];
}
