import { isIdentityError } from "@identity/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds, type TestClient } from "../test/clients.js";
import { describeRedis, removeKeys, requireRedisUrl, sleep, testPrefix } from "../test/redis.js";
import { createRedisCoordinator, type RedisCoordinator } from "./index.js";

describeRedis("counters on Redis", () => {
	describe.each(clientKinds)("$name", (kind) => {
		const prefix = testPrefix();
		let redis: TestClient;
		let coordinator: RedisCoordinator;

		beforeAll(async () => {
			redis = await kind.open(await requireRedisUrl());
			coordinator = createRedisCoordinator(redis.client, { prefix });
		});
		afterAll(async () => {
			await removeKeys(redis.command, prefix);
			await redis.close();
		});

		test("incrementCounter() starts a window at delta, ending windowSeconds from now", async () => {
			const before = Date.now();
			const counter = await coordinator.incrementCounter("start", 1, 60);
			expect(counter.count).toBe(1);
			expect(counter.resetAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
			expect(counter.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
			// The key lives under the prefix, with a millisecond expiry set by the script.
			const pttl = Number(await redis.command(["PTTL", `${prefix}counter:start`]));
			expect(pttl).toBeGreaterThan(59_000);
			expect(pttl).toBeLessThanOrEqual(60_000);
		});

		test("incrementCounter() adds positive, zero and negative deltas", async () => {
			expect((await coordinator.incrementCounter("deltas", 5, 60)).count).toBe(5);
			expect((await coordinator.incrementCounter("deltas", 0, 60)).count).toBe(5);
			expect((await coordinator.incrementCounter("deltas", -3, 60)).count).toBe(2);
			expect((await coordinator.incrementCounter("deltas", -4, 60)).count).toBe(-2);
			expect((await coordinator.readCounter("deltas"))?.count).toBe(-2);
		});

		test("incrementCounter() keeps an existing window, whatever windowSeconds later calls pass", async () => {
			const first = await coordinator.incrementCounter("window", 1, 30);
			await sleep(300);
			const second = await coordinator.incrementCounter("window", 1, 3600);
			expect(second.count).toBe(2);
			// Same end (to within the time the replies took), not 3600 s from now.
			expect(Math.abs(second.resetAt.getTime() - first.resetAt.getTime())).toBeLessThan(100);
			const pttl = Number(await redis.command(["PTTL", `${prefix}counter:window`]));
			expect(pttl).toBeLessThanOrEqual(29_700);
		});

		test("incrementCounter() starts a new window once the old one expired", async () => {
			const first = await coordinator.incrementCounter("expiry", 4, 1);
			expect(first.count).toBe(4);
			await sleep(1150);
			expect(await coordinator.readCounter("expiry")).toBeNull();
			const again = await coordinator.incrementCounter("expiry", 1, 1);
			expect(again.count).toBe(1);
			expect(again.resetAt.getTime()).toBeGreaterThan(first.resetAt.getTime() + 1000);
		});

		test("incrementCounter() accepts windows shorter than a second (rounded up to whole milliseconds)", async () => {
			await coordinator.incrementCounter("short", 1, 0.2501);
			const pttl = Number(await redis.command(["PTTL", `${prefix}counter:short`]));
			expect(pttl).toBeGreaterThan(200);
			expect(pttl).toBeLessThanOrEqual(251);
			await sleep(350);
			expect(await coordinator.readCounter("short")).toBeNull();
		});

		test("incrementCounter() gives an expiry to a counter that has none (it never stays forever)", async () => {
			await redis.command(["SET", `${prefix}counter:orphan`, "7"]);
			const counter = await coordinator.incrementCounter("orphan", 1, 60);
			expect(counter.count).toBe(8);
			expect(Number(await redis.command(["PTTL", `${prefix}counter:orphan`]))).toBeGreaterThan(59_000);
		});

		test("200 concurrent incrementCounter() calls on one key return the distinct counts 1..200", async () => {
			const counters = await Promise.all(Array.from({ length: 200 }, () => coordinator.incrementCounter("race", 1, 60)));
			const counts = counters.map((c) => c.count).sort((a, b) => a - b);
			expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
			expect((await coordinator.readCounter("race"))?.count).toBe(200);
		});

		test("readCounter() returns null for a missing counter and the count and window of an existing one", async () => {
			expect(await coordinator.readCounter("never")).toBeNull();
			const written = await coordinator.incrementCounter("read", 3, 60);
			await sleep(200);
			const read = await coordinator.readCounter("read");
			expect(read?.count).toBe(3);
			expect(Math.abs(read!.resetAt.getTime() - written.resetAt.getTime())).toBeLessThan(100);
			// Reading changes nothing.
			expect((await coordinator.readCounter("read"))?.count).toBe(3);
		});

		test("clearCounter() deletes the counter; the next increment starts a new window", async () => {
			await coordinator.incrementCounter("clear", 9, 60);
			await coordinator.clearCounter("clear");
			expect(await coordinator.readCounter("clear")).toBeNull();
			expect(Number(await redis.command(["EXISTS", `${prefix}counter:clear`]))).toBe(0);
			expect((await coordinator.incrementCounter("clear", 1, 60)).count).toBe(1);
			await coordinator.clearCounter("missing");
		});

		test("incrementCounter() refuses bad arguments with ERR_INVALID_ARGUMENT and writes nothing", async () => {
			for (const [delta, window] of [[1.5, 60], [Number.NaN, 60], [2 ** 53, 60], [1, 0], [1, -1], [1, Number.POSITIVE_INFINITY], [1, Number.NaN]] as const) {
				await expect(coordinator.incrementCounter("bad", delta, window)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			}
			await expect(coordinator.incrementCounter(42 as unknown as string, 1, 60)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			expect(Number(await redis.command(["EXISTS", `${prefix}counter:bad`]))).toBe(0);
		});

		test("a key that does not hold a counter is a StoreError without the key or value in its message", async () => {
			await redis.command(["SET", `${prefix}counter:secret-key-name`, "secret-value"]);
			await redis.command(["SADD", `${prefix}counter:a-set`, "secret-member"]);
			for (const call of [
				() => coordinator.incrementCounter("secret-key-name", 1, 60),
				() => coordinator.readCounter("secret-key-name"),
				() => coordinator.incrementCounter("a-set", 1, 60),
				() => coordinator.readCounter("a-set")
			]) {
				const error = await call().then(
					() => null,
					(e: unknown) => e
				);
				expect(isIdentityError(error)).toBe(true);
				expect(error).toMatchObject({ name: "StoreError", code: "ERR_STORE" });
				expect((error as Error).cause).toBeDefined();
				expect((error as Error).message).not.toMatch(/secret|a-set|identity-test/);
			}
		});
	});
});
