import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, type Socket } from "node:net";
import { freePort } from "@identity/testing";

/** A TCP server that accepts connections and reads everything, but never answers a byte. */
export async function startSilentServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
	const sockets = new Set<Socket>();
	let accepted = 0;
	const server = createServer((socket) => {
		accepted += 1;
		sockets.add(socket);
		socket.on("data", () => {});
		socket.on("error", () => {});
		socket.on("close", () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `redis://127.0.0.1:${port}`,
		connections: () => accepted,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}

/** A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
	return `redis://127.0.0.1:${await freePort()}`;
}

const redisServerBinary = "redis-server";

/**
 * The reason to skip tests that start their own `redis-server`, or undefined. Outside CI a missing
 * binary skips them (the reason is printed); under CI=true it never does, and starting fails.
 */
export function redisServerSkip(): string | undefined {
	if (process.env.CI === "true") return undefined;
	const found = spawnSync(redisServerBinary, ["--version"], { encoding: "utf8" });
	return found.status === 0 ? undefined : `${redisServerBinary} is not on PATH`;
}

/** A private redis-server process on its own port, which a test may stop and start again. */
export interface PrivateRedis {
	url: string;
	/** Stops the process (SIGTERM; nothing is persisted) and waits for it to exit. */
	stop(): Promise<void>;
	/** Starts it again on the same port and waits until it accepts connections. */
	start(): Promise<void>;
}

/** Starts `redis-server` on a free port, without persistence, as a child of the test process. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
	const port = await freePort();
	let child: ChildProcess | null = null;
	const stopOnExit = () => child?.kill("SIGKILL");
	process.once("exit", stopOnExit);

	async function start(): Promise<void> {
		const started = spawn(redisServerBinary, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
		child = started;
		let output = "";
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
			const onData = (chunk: Buffer) => {
				output += chunk.toString("utf8");
				if (/Ready to accept connections/.test(output)) {
					clearTimeout(timer);
					resolve();
				}
			};
			started.stdout!.on("data", onData);
			started.stderr!.on("data", onData);
			started.once("error", (error) => {
				clearTimeout(timer);
				reject(error);
			});
			started.once("exit", (code) => {
				clearTimeout(timer);
				reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
			});
		});
	}

	async function stop(): Promise<void> {
		const running = child;
		child = null;
		if (!running || running.exitCode !== null || running.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
		running.kill("SIGTERM");
		await exited;
	}

	await start();
	return { url: `redis://127.0.0.1:${port}`, stop, start };
}
