import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Bundles test/worker.ts (this package and @identity/core from source, via the `@identity/source`
 * condition) into node_modules/.cache, so plain `node` runs the current source; the client
 * libraries stay external and resolve from this package's node_modules.
 */
export async function buildWorker(): Promise<string> {
	const outdir = join(packageRoot, "node_modules", ".cache", "identity-redis-test");
	mkdirSync(outdir, { recursive: true });
	const outfile = join(outdir, `worker-${process.pid}-${Date.now()}.mjs`);
	await build({
		entryPoints: [join(packageRoot, "test", "worker.ts")],
		outfile,
		bundle: true,
		platform: "node",
		format: "esm",
		target: "node20",
		conditions: ["@identity/source"],
		external: ["ioredis", "ioredis-6", "redis", "redis-4", "redis-6"],
		logLevel: "silent"
	});
	return outfile;
}

/** One JSON line a worker printed. */
export type WorkerMessage = { op: string } & Record<string, unknown>;

/** A running worker process: another instance of the application. */
export interface Worker {
	send(command: object): void;
	/** The next message with `op`, skipping none (earlier ones of other ops stay queued). */
	next(op: string, timeoutMs?: number): Promise<WorkerMessage>;
	/** Every message of `op` received so far, removed from the queue. */
	take(op: string): WorkerMessage[];
	stop(): Promise<void>;
}

/** Starts `node <bundle> <kind> <url> <prefix>` and waits for its "ready" line. */
export async function startWorker(bundle: string, kind: string, url: string, prefix: string): Promise<Worker> {
	const child: ChildProcess = spawn(process.execPath, [bundle, kind, url, prefix], { stdio: ["pipe", "pipe", "pipe"] });
	const queue: WorkerMessage[] = [];
	const waiters: (() => void)[] = [];
	let stderr = "";
	child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
	createInterface({ input: child.stdout! }).on("line", (line) => {
		queue.push(JSON.parse(line) as WorkerMessage);
		for (const wake of waiters.splice(0)) wake();
	});
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	child.once("exit", () => {
		for (const wake of waiters.splice(0)) wake();
	});

	const worker: Worker = {
		send: (command) => child.stdin!.write(`${JSON.stringify(command)}\n`),
		async next(op, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const index = queue.findIndex((m) => m.op === op || m.op === "error");
				if (index >= 0) {
					const [message] = queue.splice(index, 1);
					if (message!.op === "error") throw new Error(`worker ${kind}: ${String(message!.message)}`);
					return message!;
				}
				if (child.exitCode !== null) throw new Error(`worker ${kind} exited (${child.exitCode}):\n${stderr}`);
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`worker ${kind}: no "${op}" within ${timeoutMs} ms\n${stderr}`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		take(op) {
			const taken = queue.filter((m) => m.op === op);
			queue.splice(0, queue.length, ...queue.filter((m) => m.op !== op));
			return taken;
		},
		async stop() {
			if (child.exitCode !== null) return;
			worker.send({ op: "exit" });
			const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
	await worker.next("ready");
	return worker;
}
