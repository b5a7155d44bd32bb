import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { isIdentityError } from "@identity/core";
import { serve, type RunningServer, type ServeOptions } from "./index.js";

const servers: RunningServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: ServeOptions = {}): Promise<RunningServer> {
	const server = await serve(async (request) => new Response(`read ${(await request.text()).length}`), { onError: () => undefined, ...options });
	servers.push(server);
	return server;
}

/** A raw socket to the server; `closed` resolves with what the server sent and when it hung up. */
function rawSocket(url: string): { socket: Socket; closed: Promise<{ afterMs: number; received: string }> } {
	const { hostname, port } = new URL(url);
	const startedAt = Date.now();
	const socket = connect(Number(port), hostname);
	let received = "";
	socket.on("data", (chunk) => (received += chunk));
	socket.on("error", () => undefined);
	const closed = new Promise<{ afterMs: number; received: string }>((resolve) => {
		socket.once("close", () => resolve({ afterMs: Date.now() - startedAt, received }));
	});
	return { socket, closed };
}

/** Resolves with the outcome, or with null when the server kept the socket open past `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe("serve() timeouts", () => {
	test("serve() applies SPEC's defaults: headers within 10 s, a request within 30 s, idle keep-alive closed after 5 s", async () => {
		const { server } = await start();
		expect(server.headersTimeout).toBe(10_000);
		expect(server.requestTimeout).toBe(30_000);
		expect(server.keepAliveTimeout).toBe(5_000);
	});

	test("serve() disconnects a client that sends half its headers and stalls", async () => {
		const server = await start({ headersTimeout: 500, requestTimeout: 1_000 });
		const { socket, closed } = rawSocket(server.url);
		socket.write("GET / HTTP/1.1\r\nHost: app.test\r\nX-Half: ");
		const outcome = await within(closed, 15_000);
		socket.destroy();
		expect(outcome, "the server still held the connection after 15 s").not.toBeNull();
		expect(outcome!.received).toMatch(/^HTTP\/1\.1 408 /);
	});

	test("serve() closes an idle keep-alive connection after keepAliveTimeout", async () => {
		const server = await start({ keepAliveTimeout: 200 });
		const { socket, closed } = rawSocket(server.url);
		socket.write("GET / HTTP/1.1\r\nHost: app.test\r\n\r\n");
		// Node waits keepAliveTimeout plus its own 1 s grace; Node's default (5 s + 1 s) would not fit.
		const outcome = await within(closed, 4_000);
		socket.destroy();
		expect(outcome, "the idle connection was still open after 4 s").not.toBeNull();
		expect(outcome!.received).toMatch(/^HTTP\/1\.1 200 /);
	});

	test("serve() cuts off a request body that trickles in slower than requestTimeout", async () => {
		const server = await start({ headersTimeout: 500, requestTimeout: 1_000 });
		const { socket, closed } = rawSocket(server.url);
		socket.write("POST / HTTP/1.1\r\nHost: app.test\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n");
		const drip = setInterval(() => socket.writable && socket.write("x"), 100);
		const outcome = await within(closed, 15_000);
		clearInterval(drip);
		socket.destroy();
		expect(outcome, "the slow body was still being accepted after 15 s").not.toBeNull();
		expect(outcome!.received).not.toMatch(/read 1000/);
	});

	test("serve() rejects a bad timeout with ERR_INVALID_OPTIONS naming the option", async () => {
		const bad: Array<[ServeOptions, string]> = [
			[{ headersTimeout: -1 }, "headersTimeout"],
			[{ requestTimeout: Number.NaN }, "requestTimeout"],
			[{ keepAliveTimeout: "5000" as unknown as number }, "keepAliveTimeout"],
			[{ headersTimeout: 1.5 }, "headersTimeout"],
			[{ headersTimeout: 0 }, "headersTimeout"],
			[{ headersTimeout: 40_000 }, "headersTimeout"]
		];
		for (const [options, name] of bad) {
			const error = await serve(() => new Response("unreachable"), options).then(
				(server) => (servers.push(server), null),
				(caught: unknown) => caught
			);
			expect(isIdentityError(error), `${JSON.stringify(options)} was accepted`).toBe(true);
			expect((error as { code: string }).code).toBe("ERR_INVALID_OPTIONS");
			expect((error as Error).message).toContain(name);
		}
	});
});
