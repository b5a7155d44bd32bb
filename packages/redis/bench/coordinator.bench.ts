import { afterAll, bench, describe } from "vitest";
import { clientKinds, type TestClient } from "../test/clients.js";
import { removeKeys, testPrefix, testRedis } from "../test/redis.js";
import { createRedisCoordinator, type RedisCoordinator } from "../src/index.js";

// One round trip per operation, sequentially (latency, not throughput), next to a bare PING on the
// same client: the difference is what the coordinator adds. Needs IDENTITY_TEST_REDIS. (Vitest runs
// no beforeAll hooks for benchmarks, so the clients open at module load.)
const { url, skip } = testRedis();
// Without a server, one visibly skipped suite: a bench file with no suite fails the whole run.
if (!url) {
	console.warn(`coordinator.bench skipped: ${skip ?? "IDENTITY_TEST_REDIS is not set"}`);
	describe.skip("coordinator (no Redis)", () => bench("skipped", () => {}));
}
const options = { time: 1000, warmupTime: 200 };
const kinds = url ? clientKinds.filter((k) => k.name === "ioredis 5" || k.name === "node-redis 5") : [];
const prefix = testPrefix();
const targets: { name: string; redis: TestClient; coordinator: RedisCoordinator }[] = [];
for (const kind of kinds) {
	const redis = await kind.open(url!);
	const coordinator = createRedisCoordinator(redis.client, { prefix });
	await coordinator.incrementCounter("read", 1, 3600);
	targets.push({ name: kind.name, redis, coordinator });
}
afterAll(async () => {
	for (const { redis } of targets) {
		await removeKeys(redis.command, prefix);
		await redis.close();
	}
});

let n = 0;
for (const { name, redis, coordinator } of targets) {
	describe(name, () => {
		bench("PING (baseline)", async () => void (await redis.command(["PING"])), options);
		bench("incrementCounter", async () => void (await coordinator.incrementCounter("hot", 1, 3600)), options);
		bench("readCounter", async () => void (await coordinator.readCounter("read")), options);
		bench("clearCounter", () => coordinator.clearCounter("gone"), options);
		bench("consumeToken", async () => void (await coordinator.consumeToken(`t${n++}`, new Date(Date.now() + 60_000))), options);
		bench("publishInvalidation", () => coordinator.publishInvalidation("user-1"), options);
	});
}
