import { spawn } from "node:child_process";
import type { RunningTarget } from "./handler-suite.js";

/** Options of `spawnTarget`. */
export interface SpawnTargetOptions {
	cwd?: string;
	env?: Record<string, string | undefined>;
	/** Matches the line announcing the server; its first group (or `url` group) is the base URL. Default: the first `http://...` URL printed. */
	ready?: RegExp;
	/** How long to wait for the announcement. Default 60 s. */
	timeoutMs?: number;
}

/**
 * Starts a server process (an example app under Bun, Deno, ...) and resolves, as a suite target,
 * once it prints its URL. `close()` stops the process. If the process exits or stays silent, the
 * promise rejects with its output, so a failing runtime shows why.
 */
export function spawnTarget(command: string, args: readonly string[], options: SpawnTargetOptions = {}): Promise<RunningTarget> {
	const ready = options.ready ?? /(http:\/\/[^\s"']+)/;
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: { ...process.env, NO_COLOR: "1", ...options.env },
		stdio: ["ignore", "pipe", "pipe"],
		// Its own process group: npm's .bin shims run `node bin.cjs`, which starts the real binary as a
		// child; signalling the group stops both.
		detached: true
	});
	// If the test run dies without calling close(), the server still goes with it.
	const killOnExit = () => {
		if (child.pid !== undefined && child.exitCode === null) {
			try {
				process.kill(-child.pid, "SIGTERM");
			} catch {}
		}
	};
	process.once("exit", killOnExit);
	child.once("exit", () => process.off("exit", killOnExit));
	let output = "";
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	const close = async () => {
		if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
		try {
			process.kill(-child.pid, "SIGTERM");
		} catch {
			child.kill("SIGTERM");
		}
		await exited;
	};
	return new Promise<RunningTarget>((resolve, reject) => {
		const fail = (reason: string) => {
			clearTimeout(timer);
			void close();
			reject(new Error(`${command} ${args.join(" ")}: ${reason}\n--- output ---\n${output}`));
		};
		const timer = setTimeout(() => fail("no URL printed in time"), options.timeoutMs ?? 60_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString("utf8");
			const match = ready.exec(output);
			if (!match) return;
			clearTimeout(timer);
			resolve({ url: (match.groups?.url ?? match[1] ?? match[0]).replace(/\/$/, ""), close });
		};
		child.stdout.on("data", onData);
		child.stderr.on("data", onData);
		child.once("error", (error) => fail(error.message));
		child.once("exit", (code, signal) => fail(`exited (${code ?? signal}) before printing its URL`));
	});
}
