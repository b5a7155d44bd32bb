import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds, type TestClient } from "../test/clients.js";
import { waitUntil } from "../test/redis.js";
import { redisServerSkip, startPrivateRedis, type PrivateRedis } from "../test/servers.js";
import { createRedisCoordinator, type RedisCoordinator } from "./index.js";
import { incrementScript, readScript } from "./internal/scripts.js";

// Each client gets its own redis-server process, so SCRIPT FLUSH and a restart touch no other test.
const skip = redisServerSkip();
if (skip) console.warn(`server restart tests skipped: ${skip}`);

describe.skipIf(Boolean(skip))("a private redis-server: lost scripts and restarts", () => {
	describe.each(clientKinds)("$name", (kind) => {
		let server: PrivateRedis;
		let redis: TestClient;
		let coordinator: RedisCoordinator;
		const errors: Error[] = [];

		beforeAll(async () => {
			server = await startPrivateRedis();
			redis = await kind.open(server.url);
			coordinator = createRedisCoordinator(redis.client, { commandTimeoutMs: 300, onError: (e) => errors.push(e) });
		});
		afterAll(async () => {
			await coordinator.close();
			await redis.close();
			await server.stop();
		});

		test("incrementCounter() and readCounter() fall back to EVAL when the server lost the script (NOSCRIPT), caching it again", async () => {
			await redis.command(["SCRIPT", "FLUSH"]);
			expect(await redis.command(["SCRIPT", "EXISTS", incrementScript.sha, readScript.sha])).toEqual([0, 0]);
			expect((await coordinator.incrementCounter("noscript", 2, 60)).count).toBe(2);
			expect((await coordinator.readCounter("noscript"))?.count).toBe(2);
			expect(await redis.command(["SCRIPT", "EXISTS", incrementScript.sha, readScript.sha])).toEqual([1, 1]);
			// From now on by SHA: a second call sends no script source.
			const before = Number(/cmdstat_eval:calls=(\d+)/.exec(String(await redis.command(["INFO", "commandstats"])))?.[1] ?? 0);
			await coordinator.incrementCounter("noscript", 1, 60);
			const after = Number(/cmdstat_eval:calls=(\d+)/.exec(String(await redis.command(["INFO", "commandstats"])))?.[1] ?? 0);
			expect(after).toBe(before);
		});

		test("a Redis restart: calls fail with StoreError while it is down, then everything works again, the subscription included", async () => {
			const seen: string[] = [];
			coordinator.subscribeInvalidations((id) => seen.push(id));
			await coordinator.ready();
			await coordinator.incrementCounter("restart", 1, 60);

			await server.stop();
			const down = await coordinator.incrementCounter("restart", 1, 60).catch((e: unknown) => e);
			expect(down).toMatchObject({ name: "StoreError", code: "ERR_STORE" });
			await expect(coordinator.consumeToken("t", new Date(Date.now() + 60_000))).rejects.toMatchObject({ code: "ERR_STORE" });
			await expect(coordinator.publishInvalidation("while-down")).rejects.toMatchObject({ code: "ERR_STORE" });
			// The subscriber noticed (its errors go to onError as StoreErrors).
			await waitUntil(() => errors.length > 0);
			expect(errors.every((e) => e.name === "StoreError")).toBe(true);

			await server.start();
			// The clients reconnect by themselves; the restarted server lost its data and its scripts.
			await waitUntil(() => coordinator.readCounter("restart").then(() => true, () => false), 15_000);
			if (kind.library === "node-redis") {
				// The commands that timed out while Redis was down were dropped from node-redis's queue
				// (the deadline aborts them), so none of them was carried out after the restart.
				expect(await coordinator.readCounter("restart")).toBeNull();
				expect(await coordinator.consumeToken("t", new Date(Date.now() + 60_000))).toBe(true);
			}
			// ioredis replays its offline queue after reconnecting, so a timed-out command may still be
			// carried out (documented). Either way, fresh calls work as usual:
			await coordinator.clearCounter("restart");
			expect((await coordinator.incrementCounter("restart", 1, 60)).count).toBe(1);
			expect(await coordinator.consumeToken("t-after", new Date(Date.now() + 60_000))).toBe(true);
			expect(await coordinator.consumeToken("t-after", new Date(Date.now() + 60_000))).toBe(false);
			await waitUntil(async () => {
				await coordinator.publishInvalidation("after-restart").catch(() => {});
				return seen.includes("after-restart");
			}, 15_000);
		}, 40_000);
	});
});
