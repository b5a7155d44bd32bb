import { randomBytes } from "node:crypto";
import { Cluster } from "ioredis";
import { createCluster } from "redis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds, type TestClient } from "../test/clients.js";
import { describeRedis, removeKeys, requireRedisUrl, testPrefix } from "../test/redis.js";
import { createRedisCoordinator, type RedisClient, type RedisCoordinatorOptions } from "./index.js";

describe("createRedisCoordinator() arguments", () => {
	test("createRedisCoordinator() refuses what is not a Redis client with ERR_INVALID_ARGUMENT", () => {
		for (const client of [null, undefined, 42, "redis://127.0.0.1", {}, { call() {} }, { sendCommand() {}, duplicate() {} }]) {
			expect(() => createRedisCoordinator(client as unknown as RedisClient)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		}
	});

	test("createRedisCoordinator() refuses cluster clients of both libraries", async () => {
		const ioCluster = new Cluster([{ host: "127.0.0.1", port: 1 }], { lazyConnect: true });
		expect(() => createRedisCoordinator(ioCluster as unknown as RedisClient)).toThrow(/cluster clients are not supported/);
		ioCluster.disconnect();
		const nodeCluster = createCluster({ rootNodes: [{ url: "redis://127.0.0.1:1" }] });
		expect(() => createRedisCoordinator(nodeCluster as unknown as RedisClient)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
	});

	test("createRedisCoordinator() refuses unknown options and bad values with ERR_INVALID_OPTIONS", async () => {
		const { Redis } = await import("ioredis");
		const client = new Redis({ lazyConnect: true });
		try {
			const bad: unknown[] = [
				{ prefx: "typo:" },
				{ prefix: 7 },
				{ prefix: "x".repeat(257) },
				{ commandTimeoutMs: 0 },
				{ commandTimeoutMs: -5 },
				{ commandTimeoutMs: 1.5 },
				{ commandTimeoutMs: Number.POSITIVE_INFINITY },
				{ commandTimeoutMs: 2 ** 31 },
				{ commandTimeoutMs: "2000" },
				{ onError: "log" },
				"options"
			];
			for (const options of bad) {
				expect(() => createRedisCoordinator(client, options as RedisCoordinatorOptions)).toThrow(expect.objectContaining({ code: "ERR_INVALID_OPTIONS", name: "InvalidOptionsError" }));
			}
			expect(() => createRedisCoordinator(client, { prefix: "", commandTimeoutMs: 1, onError: () => {} })).not.toThrow();
			// Nothing was sent: creating a coordinator connects nothing.
			expect(client.status).toBe("wait");
		} finally {
			client.disconnect();
		}
	});
});

describeRedis("key layout and prefixes", () => {
	describe.each(clientKinds)("$name", (kind) => {
		let redis: TestClient;
		beforeAll(async () => {
			redis = await kind.open(await requireRedisUrl());
		});
		afterAll(() => redis.close());

		test('the default prefix is "identity:": keys identity:counter:<key> and identity:token:<key>', async () => {
			const coordinator = createRedisCoordinator(redis.client);
			const key = `layout-test-${randomBytes(6).toString("hex")}`;
			try {
				await coordinator.incrementCounter(key, 1, 60);
				await coordinator.consumeToken(key, new Date(Date.now() + 60_000));
				expect(await redis.command(["GET", `identity:counter:${key}`])).toBe("1");
				expect(await redis.command(["GET", `identity:token:${key}`])).toBe("1");
			} finally {
				await redis.command(["DEL", `identity:counter:${key}`, `identity:token:${key}`]);
			}
		});

		test("coordinators with different prefixes share nothing on one Redis", async () => {
			const [prefixA, prefixB] = [testPrefix(), testPrefix()];
			const a = createRedisCoordinator(redis.client, { prefix: prefixA });
			const b = createRedisCoordinator(redis.client, { prefix: prefixB });
			try {
				expect((await a.incrementCounter("login:alice", 3, 60)).count).toBe(3);
				expect(await b.readCounter("login:alice")).toBeNull();
				expect((await b.incrementCounter("login:alice", 1, 60)).count).toBe(1);
				await b.clearCounter("login:alice");
				expect((await a.readCounter("login:alice"))?.count).toBe(3);
				const expiresAt = new Date(Date.now() + 60_000);
				expect(await a.consumeToken("jti-1", expiresAt)).toBe(true);
				expect(await b.consumeToken("jti-1", expiresAt)).toBe(true);
				expect(await a.consumeToken("jti-1", expiresAt)).toBe(false);
			} finally {
				await removeKeys(redis.command, prefixA);
				await removeKeys(redis.command, prefixB);
			}
		});
	});
});
