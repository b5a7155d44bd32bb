import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_SECRET, freePort, type RunningTarget } from "@identity/testing";

/** The example app's directory. */
export const appDir = fileURLToPath(new URL("..", import.meta.url));
const nextBin = join(appDir, "node_modules/next/dist/bin/next");
const workspace = fileURLToPath(new URL("../../../packages/", import.meta.url));

/** The built packages Next imports (it resolves `@identity/*` to their `dist/`). */
const requiredBuilds = ["core/dist/index.js", "kysely/dist/sqlite.js", "next/dist/index.js"];

function baseEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		NEXT_TELEMETRY_DISABLED: "1",
		IDENTITY_SECRET: FIXTURE_SECRET,
		IDENTITY_DB: join(dir, "identity.db"),
		...extra
	};
}

/** Runs a child process to completion; rejects with its last output when it fails. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [nextBin, ...args], { cwd: appDir, env, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		const keep = (chunk: Buffer) => {
			output = (output + chunk.toString()).slice(-8000);
		};
		child.stdout.on("data", keep);
		child.stderr.on("data", keep);
		child.once("error", reject);
		child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}:\n${output}`))));
	});
}

let built: Promise<void> | undefined;

/** `next build`, once per test run. Slow (about a minute on 2 cores): call it from a hook with a long timeout. */
export function buildOnce(): Promise<void> {
	built ??= (async () => {
		const missing = requiredBuilds.filter((file) => !existsSync(join(workspace, file)));
		if (missing.length) throw new Error(`Build the workspace packages first (npx -y pnpm@10.34.8 build); missing: ${missing.join(", ")}`);
		const dir = mkdtempSync(join(tmpdir(), "identity-next-build-"));
		const started = Date.now();
		try {
			await run(["build"], baseEnv(dir));
			console.info(`[examples/next] next build took ${Math.round((Date.now() - started) / 1000)} s`);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	})();
	return built;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
		try {
			if ((await fetch(`${url}/`, { headers: { accept: "application/json" } })).status === 200) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`next start did not answer within 60 s:\n${output()}`);
}

/** `next start` on a free port with a fresh SQLite file seeded with the example users. */
export async function startNext(): Promise<RunningTarget> {
	await buildOnce();
	const dir = mkdtempSync(join(tmpdir(), "identity-next-"));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const env = baseEnv(dir, { IDENTITY_SEED: "example", IDENTITY_TRUSTED_ORIGINS: url });
	const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
		cwd: appDir,
		env,
		stdio: ["ignore", "pipe", "pipe"]
	});
	let output = "";
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-8000);
	};
	child.stdout?.on("data", keep);
	child.stderr?.on("data", keep);
	const close = async () => {
		if (child.exitCode === null) {
			const exited = new Promise((resolve) => child.once("exit", resolve));
			child.kill("SIGTERM");
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntilReady(url, child, () => output);
	} catch (error) {
		await close();
		throw error;
	}
	return { url, close };
}
