import { isIdentityError } from "@identity/core";
import { describe, expect, test } from "vitest";
import { clientKinds } from "../test/clients.js";
import { describeRedis, sleep, useCoordinator } from "../test/redis.js";

describeRedis("counters on Redis", () => {
	describe.each(clientKinds)("$name", (kind) => {
		const ctx = useCoordinator(kind);

		test("incrementCounter() starts a window at delta, ending windowSeconds from now", async () => {
			const before = Date.now();
			const counter = await ctx.coordinator.incrementCounter("start", 1, 60);
			expect(counter.count).toBe(1);
			expect(counter.resetAt.getTime()).toBeGreaterThanOrEqual(before + 59_000);
			expect(counter.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
			// The key lives under the prefix, with a millisecond expiry set by the script.
			const pttl = Number(await ctx.redis.command(["PTTL", `${ctx.prefix}counter:start`]));
			expect(pttl).toBeGreaterThan(59_000);
			expect(pttl).toBeLessThanOrEqual(60_000);
		});

		test("incrementCounter() adds positive, zero and negative deltas", async () => {
			expect((await ctx.coordinator.incrementCounter("deltas", 5, 60)).count).toBe(5);
			expect((await ctx.coordinator.incrementCounter("deltas", 0, 60)).count).toBe(5);
			expect((await ctx.coordinator.incrementCounter("deltas", -3, 60)).count).toBe(2);
			expect((await ctx.coordinator.incrementCounter("deltas", -4, 60)).count).toBe(-2);
			expect((await ctx.coordinator.readCounter("deltas"))?.count).toBe(-2);
		});

		test("incrementCounter() keeps an existing window, whatever windowSeconds later calls pass", async () => {
			const first = await ctx.coordinator.incrementCounter("window", 1, 30);
			await sleep(300);
			const second = await ctx.coordinator.incrementCounter("window", 1, 3600);
			expect(second.count).toBe(2);
			// Same end (to within the time the replies took), not 3600 s from now.
			expect(Math.abs(second.resetAt.getTime() - first.resetAt.getTime())).toBeLessThan(100);
			const pttl = Number(await ctx.redis.command(["PTTL", `${ctx.prefix}counter:window`]));
			expect(pttl).toBeLessThanOrEqual(29_700);
		});

		test("incrementCounter() starts a new window once the old one expired", async () => {
			const first = await ctx.coordinator.incrementCounter("expiry", 4, 1);
			expect(first.count).toBe(4);
			await sleep(1150);
			expect(await ctx.coordinator.readCounter("expiry")).toBeNull();
			const again = await ctx.coordinator.incrementCounter("expiry", 1, 1);
			expect(again.count).toBe(1);
			expect(again.resetAt.getTime()).toBeGreaterThan(first.resetAt.getTime() + 1000);
		});

		test("incrementCounter() accepts windows shorter than a second (rounded up to whole milliseconds)", async () => {
			await ctx.coordinator.incrementCounter("short", 1, 0.2501);
			const pttl = Number(await ctx.redis.command(["PTTL", `${ctx.prefix}counter:short`]));
			expect(pttl).toBeGreaterThan(200);
			expect(pttl).toBeLessThanOrEqual(251);
			await sleep(350);
			expect(await ctx.coordinator.readCounter("short")).toBeNull();
		});

		test("incrementCounter() gives an expiry to a counter that has none (it never stays forever)", async () => {
			await ctx.redis.command(["SET", `${ctx.prefix}counter:orphan`, "7"]);
			const counter = await ctx.coordinator.incrementCounter("orphan", 1, 60);
			expect(counter.count).toBe(8);
			expect(Number(await ctx.redis.command(["PTTL", `${ctx.prefix}counter:orphan`]))).toBeGreaterThan(59_000);
		});

		test("200 concurrent incrementCounter() calls on one key return the distinct counts 1..200", async () => {
			const counters = await Promise.all(Array.from({ length: 200 }, () => ctx.coordinator.incrementCounter("race", 1, 60)));
			const counts = counters.map((c) => c.count).sort((a, b) => a - b);
			expect(counts).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
			expect((await ctx.coordinator.readCounter("race"))?.count).toBe(200);
		});

		test("readCounter() returns null for a missing counter and the count and window of an existing one", async () => {
			expect(await ctx.coordinator.readCounter("never")).toBeNull();
			const written = await ctx.coordinator.incrementCounter("read", 3, 60);
			await sleep(200);
			const read = await ctx.coordinator.readCounter("read");
			expect(read?.count).toBe(3);
			expect(Math.abs(read!.resetAt.getTime() - written.resetAt.getTime())).toBeLessThan(100);
			// Reading changes nothing.
			expect((await ctx.coordinator.readCounter("read"))?.count).toBe(3);
		});

		test("clearCounter() deletes the counter; the next increment starts a new window", async () => {
			await ctx.coordinator.incrementCounter("clear", 9, 60);
			await ctx.coordinator.clearCounter("clear");
			expect(await ctx.coordinator.readCounter("clear")).toBeNull();
			expect(Number(await ctx.redis.command(["EXISTS", `${ctx.prefix}counter:clear`]))).toBe(0);
			expect((await ctx.coordinator.incrementCounter("clear", 1, 60)).count).toBe(1);
			await ctx.coordinator.clearCounter("missing");
		});

		test("incrementCounter() refuses bad arguments with ERR_INVALID_ARGUMENT and writes nothing", async () => {
			for (const [delta, window] of [[1.5, 60], [Number.NaN, 60], [2 ** 53, 60], [1, 0], [1, -1], [1, Number.POSITIVE_INFINITY], [1, Number.NaN]] as const) {
				await expect(ctx.coordinator.incrementCounter("bad", delta, window)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			}
			await expect(ctx.coordinator.incrementCounter(42 as unknown as string, 1, 60)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			expect(Number(await ctx.redis.command(["EXISTS", `${ctx.prefix}counter:bad`]))).toBe(0);
		});

		test("a key that does not hold a counter is a StoreError without the key or value in its message", async () => {
			await ctx.redis.command(["SET", `${ctx.prefix}counter:secret-key-name`, "secret-value"]);
			await ctx.redis.command(["SADD", `${ctx.prefix}counter:a-set`, "secret-member"]);
			for (const call of [
				() => ctx.coordinator.incrementCounter("secret-key-name", 1, 60),
				() => ctx.coordinator.readCounter("secret-key-name"),
				() => ctx.coordinator.incrementCounter("a-set", 1, 60),
				() => ctx.coordinator.readCounter("a-set")
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
