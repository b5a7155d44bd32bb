import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll } from "vitest";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** What one run of the CLI printed and returned. */
export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Bundles src/cli.ts (workspace packages from source, via the `@identity/source` condition) into
 * node_modules/.cache so `node` runs the current source, the drivers staying external.
 */
export async function buildSourceCli(): Promise<string> {
	const outdir = join(packageRoot, "node_modules", ".cache", "identity-cli-test");
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `cli-${process.pid}-${Date.now()}.mjs`);
	await build({
		entryPoints: [join(packageRoot, "src", "cli.ts")],
		outfile,
		bundle: true,
		platform: "node",
		format: "esm",
		target: "node20",
		conditions: ["@identity/source"],
		external: ["kysely", "better-sqlite3", "pg", "mysql2"],
		banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
		logLevel: "silent"
	});
	return outfile;
}

/** Runs the bundled CLI with `args`, writing `input` to its stdin; no IDENTITY_* variable leaks in. */
export function runCliProcess(
	bin: string,
	args: readonly string[],
	options: { input?: string; env?: Record<string, string>; cwd?: string } = {}
): Promise<CliRun> {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("IDENTITY_")));
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...options.env }, cwd: options.cwd ?? packageRoot });
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout, stderr }));
		// A CLI that exits before reading its stdin (a usage error, --version) breaks the pipe under
		// the write (EPIPE): the exit code and output are the verdict, so that is not an error here.
		child.stdin.on("error", (error: NodeJS.ErrnoException) => {
			if (error.code !== "EPIPE") reject(error);
		});
		child.stdin.end(options.input ?? "");
	});
}

/** util-linux `script`, which runs a command on a pseudo-terminal; undefined when missing. */
export const scriptBinary = ["/usr/bin/script", "/bin/script"].find((path) => existsSync(path));

/**
 * Runs `command` on a pseudo-terminal (through `script`), answering each of the two password
 * prompts ("Password: ", "Repeat password: ") with `password`; resolves with the exit code and
 * everything the terminal showed.
 */
export async function answerPasswordPrompts(command: string, cwd: string, password: string): Promise<{ code: number | null; output: string }> {
	const child = spawn(scriptBinary as string, ["-qec", command, "/dev/null"], { cwd });
	let output = "";
	const answered = new Set<string>();
	child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
		output += chunk;
		for (const prompt of ["Password: ", "Repeat password: "]) {
			if (output.includes(prompt) && !answered.has(prompt)) {
				answered.add(prompt);
				child.stdin.write(`${password}\r`);
			}
		}
	});
	const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
	return { code, output };
}

/** The built CLI and a temporary directory with a database path, for the tests of one file. */
export interface CliSandbox {
	readonly bin: string;
	readonly dir: string;
	/** `<dir>/identity.db` (not created). */
	readonly db: string;
	/** Every run, so a file's `afterAll` can check that no output ever carried a secret. */
	readonly outputs: CliRun[];
	/** Runs the CLI in `dir`. */
	cli(args: string[], options?: { input?: string; env?: Record<string, string> }): Promise<CliRun>;
	/** `["--db", db, ...args]`. */
	withDb(...args: string[]): string[];
}

/** Builds the CLI and makes the directory before the file's tests; removes both after them. */
export function useCliSandbox(prefix: string): CliSandbox {
	let bin = "";
	let dir = "";
	const outputs: CliRun[] = [];
	beforeAll(async () => {
		bin = await buildSourceCli();
		dir = mkdtempSync(join(tmpdir(), prefix));
	});
	afterAll(() => {
		if (dir) rmSync(dir, { recursive: true, force: true });
		if (bin) rmSync(bin, { force: true });
	});
	return {
		get bin() {
			return bin;
		},
		get dir() {
			return dir;
		},
		get db() {
			return join(dir, "identity.db");
		},
		outputs,
		async cli(args, options = {}) {
			const run = await runCliProcess(bin, args, { ...options, cwd: dir });
			outputs.push(run);
			return run;
		},
		withDb: (...args) => ["--db", join(dir, "identity.db"), ...args]
	};
}
