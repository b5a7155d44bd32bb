// Test support shared by the examples' tests (not a test file itself: no .test.ts suffix).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** A started example: its base URL, everything it printed so far, and a way to stop it. */
export interface StartedExample {
	url: string;
	output(): string;
	stop(): Promise<void>;
}

/**
 * Starts the example as a person would (`command args` in `cwd`, with `env` on top of a copy of
 * this process's environment without any IDENTITY_* variable) and resolves once it prints
 * "listening on <url>". Rejects with its output if it exits first or stays silent for 30 s.
 */
export function runExample(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<StartedExample> {
	const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("IDENTITY_")));
	const child = spawn(command, args, { cwd, env: { ...base, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
	let output = "";
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
		process.kill(-child.pid, "SIGTERM"); // its process group: the npm .bin shim and the runtime it starts
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => void stop().then(() => reject(new Error(`no "listening on" line in 30 s:\n${output}`))), 30_000);
		const read = (chunk: Buffer) => {
			output += chunk.toString("utf8");
			const match = /listening on (http:\/\/\S+)/i.exec(output);
			if (!match) return;
			clearTimeout(timer);
			resolve({ url: match[1]!, output: () => output, stop });
		};
		child.stdout.on("data", read);
		child.stderr.on("data", read);
		child.once("exit", (code) => {
			clearTimeout(timer);
			reject(new Error(`exited (${code}) before listening:\n${output}`));
		});
	});
}

/**
 * The example's package.json script `name`, run as `pnpm <name>` runs it: in the example's
 * directory `root`, with its bins and the workspace's on PATH (through {@link runExample}).
 */
export function runPackageScript(root: string, name: string, env: Record<string, string>): Promise<StartedExample> {
	const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
	const script = scripts[name];
	if (script === undefined) throw new Error(`${join(root, "package.json")} has no "${name}" script`);
	const bins = [join(root, "node_modules", ".bin"), join(root, "..", "..", "node_modules", ".bin")];
	return runExample("sh", ["-c", script], root, { PATH: [...bins, process.env.PATH].join(delimiter), ...env });
}
