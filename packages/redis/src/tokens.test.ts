import { describe, expect, test } from "vitest";
import { clientKinds } from "../test/clients.js";
import { describeRedis, sleep, useCoordinator } from "../test/redis.js";

describeRedis("single-use tokens on Redis", () => {
	describe.each(clientKinds)("$name", (kind) => {
		const ctx = useCoordinator(kind);

		test("consumeToken() is true the first time and false every later time", async () => {
			const expiresAt = new Date(Date.now() + 60_000);
			expect(await ctx.coordinator.consumeToken("once", expiresAt)).toBe(true);
			expect(await ctx.coordinator.consumeToken("once", expiresAt)).toBe(false);
			expect(await ctx.coordinator.consumeToken("once", new Date(Date.now() + 3_600_000))).toBe(false);
			expect(await ctx.coordinator.consumeToken("other", expiresAt)).toBe(true);
		});

		test("100 concurrent consumeToken() calls for one key: exactly one is true", async () => {
			const expiresAt = new Date(Date.now() + 60_000);
			const results = await Promise.all(Array.from({ length: 100 }, () => ctx.coordinator.consumeToken("race", expiresAt)));
			expect(results.filter(Boolean)).toHaveLength(1);
		});

		test("consumeToken() keeps the key until expiresAt, then is true again", async () => {
			const expiresAt = new Date(Date.now() + 1000);
			expect(await ctx.coordinator.consumeToken("expiring", expiresAt)).toBe(true);
			const pttl = Number(await ctx.redis.command(["PTTL", `${ctx.prefix}token:expiring`]));
			expect(pttl).toBeGreaterThan(800);
			expect(pttl).toBeLessThanOrEqual(1000);
			await sleep(500);
			expect(await ctx.coordinator.consumeToken("expiring", expiresAt)).toBe(false);
			await sleep(Math.max(0, expiresAt.getTime() - Date.now()) + 50);
			expect(await ctx.coordinator.consumeToken("expiring", new Date(Date.now() + 60_000))).toBe(true);
		});

		test("consumeToken() is false for a token that has already expired, and stores nothing", async () => {
			expect(await ctx.coordinator.consumeToken("past", new Date(Date.now() - 1))).toBe(false);
			expect(await ctx.coordinator.consumeToken("past", new Date(Date.now()))).toBe(false);
			expect(Number(await ctx.redis.command(["EXISTS", `${ctx.prefix}token:past`]))).toBe(0);
		});

		test("consumeToken() refuses an invalid date or key with ERR_INVALID_ARGUMENT", async () => {
			await expect(ctx.coordinator.consumeToken("bad", new Date(Number.NaN))).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			await expect(ctx.coordinator.consumeToken("bad", Date.now() as unknown as Date)).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			await expect(ctx.coordinator.consumeToken(undefined as unknown as string, new Date(Date.now() + 1000))).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT" });
			expect(Number(await ctx.redis.command(["EXISTS", `${ctx.prefix}token:bad`]))).toBe(0);
		});

		test("tokens and counters of the same key do not collide", async () => {
			await ctx.coordinator.incrementCounter("shared-name", 1, 60);
			expect(await ctx.coordinator.consumeToken("shared-name", new Date(Date.now() + 60_000))).toBe(true);
			expect((await ctx.coordinator.incrementCounter("shared-name", 1, 60)).count).toBe(2);
		});
	});
});
