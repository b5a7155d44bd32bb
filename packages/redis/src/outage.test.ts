import { isIdentityError } from "@identity/core";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds } from "../test/clients.js";
import { closedPortUrl, startSilentServer } from "../test/servers.js";
import { createRedisCoordinator, type NodeRedisClient, type RedisCoordinator } from "./index.js";

const timeoutMs = 300;
// Generous: the deadline plus scheduling noise on a loaded machine, far below any "hang".
const boundMs = timeoutMs + 1000;

/** Every operation, each with a key or value that must never show in an error message. */
const operations: [string, (c: RedisCoordinator) => Promise<unknown>][] = [
	["incrementCounter", (c) => c.incrementCounter("login:secret-user", 1, 60)],
	["readCounter", (c) => c.readCounter("login:secret-user")],
	["clearCounter", (c) => c.clearCounter("login:secret-user")],
	["consumeToken", (c) => c.consumeToken("jti:secret-token-id", new Date(Date.now() + 60_000))],
	["publishInvalidation", (c) => c.publishInvalidation("secret-user-id")]
];

async function expectStoreErrorInTime(call: () => Promise<unknown>): Promise<Error> {
	const started = performance.now();
	const error = await call().then(
		() => null,
		(e: unknown) => e
	);
	const elapsed = performance.now() - started;
	expect(elapsed).toBeLessThan(boundMs);
	expect(isIdentityError(error)).toBe(true);
	expect(error).toMatchObject({ name: "StoreError", code: "ERR_STORE" });
	expect((error as Error).message).not.toMatch(/secret|login:|jti:|identity:/);
	return error as Error;
}

describe("outages: StoreError, never a hang", () => {
	describe.each(clientKinds)("$name", (kind) => {
		test("every operation fails with StoreError within the deadline when nothing listens on the port", async () => {
			const { client, close } = kind.start(await closedPortUrl());
			const errors: Error[] = [];
			const coordinator = createRedisCoordinator(client, { commandTimeoutMs: timeoutMs, onError: (e) => errors.push(e) });
			try {
				// All at once: each has its own deadline.
				const failures = await Promise.all(operations.map(([, call]) => expectStoreErrorInTime(() => call(coordinator))));
				failures.forEach((error, i) => expect(error.message).toMatch(new RegExp(`^Redis ${operations[i]![0]} (timed out after ${timeoutMs} ms|failed)`)));
				// The subscription cannot come up: ready() says so within the deadline, and the
				// subscriber's connection errors reach onError as StoreErrors with the driver's cause.
				coordinator.subscribeInvalidations(() => {});
				await expectStoreErrorInTime(() => coordinator.ready());
				expect(errors.length).toBeGreaterThan(0);
				for (const error of errors) {
					expect(error.name).toBe("StoreError");
					expect(error.cause).toBeDefined();
				}
			} finally {
				const closing = performance.now();
				await coordinator.close();
				expect(performance.now() - closing).toBeLessThan(boundMs);
				close();
			}
		});

		describe("a server that accepts connections but never answers", () => {
			let server: Awaited<ReturnType<typeof startSilentServer>>;
			beforeAll(async () => {
				server = await startSilentServer();
			});
			afterAll(() => server.close());

			test("every operation fails with StoreError within the deadline", async () => {
				const { client, close } = kind.start(server.url);
				const coordinator = createRedisCoordinator(client, { commandTimeoutMs: timeoutMs });
				try {
					const failures = await Promise.all(operations.map(([, call]) => expectStoreErrorInTime(() => call(coordinator))));
					failures.forEach((error, i) => expect(error.message).toBe(`Redis ${operations[i]![0]} timed out after ${timeoutMs} ms`));
					coordinator.subscribeInvalidations(() => {});
					await expectStoreErrorInTime(() => coordinator.ready());
					// The client really reached the silent server (this is not the closed-port case).
					expect(server.connections()).toBeGreaterThan(0);
				} finally {
					await coordinator.close();
					close();
				}
			});
		});
	});

	test("a node-redis client that was never connected fails at once with StoreError (the driver's ClientClosedError as cause)", async () => {
		const client = createClient({ url: await closedPortUrl() }) as unknown as NodeRedisClient;
		const coordinator = createRedisCoordinator(client, { commandTimeoutMs: 5000 });
		const started = performance.now();
		const error = await coordinator.incrementCounter("k", 1, 60).catch((e: Error) => e);
		expect(performance.now() - started).toBeLessThan(1000);
		expect(error).toMatchObject({ code: "ERR_STORE" });
		expect(((error as Error).cause as Error).message).toMatch(/client is closed/i);
		expect((error as Error).message).toBe("Redis incrementCounter failed");
	});
});
