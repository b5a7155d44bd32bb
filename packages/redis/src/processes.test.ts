import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds, type ClientKind, type TestClient } from "../test/clients.js";
import { buildWorker, startWorker, type Worker } from "../test/processes.js";
import { describeRedis, removeKeys, requireRedisUrl, testPrefix } from "../test/redis.js";
import { createRedisCoordinator } from "./index.js";

const kind = (name: string): ClientKind => clientKinds.find((k) => k.name === name)!;
/** Two instances in two processes, each pair mixing the libraries. */
const pairs = [
	["ioredis 5", "node-redis 5"],
	["ioredis 6", "node-redis 4"],
	["node-redis 6", "ioredis 5"]
] as const;

const now = () => performance.timeOrigin + performance.now();

function summary(latencies: number[]): { median: number; p99: number; max: number } {
	const sorted = [...latencies].sort((a, b) => a - b);
	const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2));
	return { median: at(0.5), p99: at(0.99), max: Number(sorted[sorted.length - 1]!.toFixed(2)) };
}

describeRedis("many instances in separate Node processes", () => {
	let bundle: string;
	let url: string;
	beforeAll(async () => {
		url = await requireRedisUrl();
		bundle = await buildWorker();
	});

	describe.each(pairs)("%s + %s", (first, second) => {
		const prefix = testPrefix();
		let workers: Worker[];
		let redis: TestClient;
		beforeAll(async () => {
			workers = await Promise.all([startWorker(bundle, first, url, prefix), startWorker(bundle, second, url, prefix)]);
			redis = await kind(first).open(url);
		});
		afterAll(async () => {
			await Promise.all(workers.map((w) => w.stop()));
			await removeKeys(redis.command, prefix);
			await redis.close();
		});

		test("incrementCounter() from two processes (100 calls each, 10 in flight each) returns the distinct counts 1..200", async () => {
			for (const worker of workers) worker.send({ op: "increment", key: "shared", times: 100, parallel: 10, windowSeconds: 60 });
			const [a, b] = (await Promise.all(workers.map((w) => w.next("increment")))).map((m) => m.counts as number[]);
			expect(a).toHaveLength(100);
			expect(b).toHaveLength(100);
			expect([...a!, ...b!].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
			// Informational: whether the two processes' calls really overlapped on the server this time.
			const overlapped = Math.min(...b!) < Math.max(...a!) && Math.min(...a!) < Math.max(...b!);
			console.log(`two-process counter (${first} + ${second}): calls ${overlapped ? "interleaved" : "did not interleave"}`);
			const coordinator = createRedisCoordinator(redis.client, { prefix });
			expect((await coordinator.readCounter("shared"))?.count).toBe(200);
		});

		test("consumeToken() from two processes (50 concurrent calls each): exactly one is true", async () => {
			const expiresAt = Date.now() + 60_000;
			for (const worker of workers) worker.send({ op: "consume", key: "jti-shared", times: 50, expiresAt });
			const results = (await Promise.all(workers.map((w) => w.next("consume")))).flatMap((m) => m.results as boolean[]);
			expect(results).toHaveLength(100);
			expect(results.filter(Boolean)).toHaveLength(1);
		});
	});

	describe.each(clientKinds)("invalidations between processes: $name", (clientKind) => {
		const prefix = testPrefix();
		let worker: Worker;
		let redis: TestClient;
		beforeAll(async () => {
			worker = await startWorker(bundle, clientKind.name, url, prefix);
			redis = await clientKind.open(url);
		});
		afterAll(async () => {
			await worker.stop();
			await redis.close();
		});

		test("publishInvalidation() in this process reaches the other process's listener (100 messages, each well within 500 ms)", async () => {
			worker.send({ op: "listen" });
			await worker.next("listening");
			const coordinator = createRedisCoordinator(redis.client, { prefix });
			const ids = Array.from({ length: 100 }, (_, i) => `user-${i}`);
			const sentAt: number[] = [];
			for (const id of ids) {
				sentAt.push(now());
				await coordinator.publishInvalidation(id);
				await new Promise((resolve) => setTimeout(resolve, 2));
			}
			const received: { userId: string; at: number }[] = [];
			while (received.length < ids.length) received.push((await worker.next("message", 5000)) as unknown as { userId: string; at: number });
			expect(received.map((m) => m.userId)).toEqual(ids);
			const latencies = received.map((m, i) => m.at - sentAt[i]!);
			const figures = summary(latencies);
			console.log(`cross-process invalidation, ${clientKind.name} -> ${clientKind.name} (ms, publish call to listener):`, figures);
			expect(Math.min(...latencies)).toBeGreaterThanOrEqual(-1);
			expect(figures.max).toBeLessThan(500);
		});

		test("publishInvalidation() in the other process reaches this process's listener", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix });
			const received: { userId: string; at: number }[] = [];
			coordinator.subscribeInvalidations((userId) => received.push({ userId, at: now() }));
			await coordinator.ready();
			const ids = Array.from({ length: 100 }, (_, i) => `other-${i}`);
			worker.send({ op: "publish", userIds: ids, gapMs: 2 });
			const { sentAt } = (await worker.next("published")) as unknown as { sentAt: number[] };
			const deadline = Date.now() + 5000;
			while (received.length < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
			expect(received.map((m) => m.userId)).toEqual(ids);
			const figures = summary(received.map((m, i) => m.at - sentAt[i]!));
			console.log(`cross-process invalidation, ${clientKind.name} (other process) -> ${clientKind.name} (ms):`, figures);
			expect(figures.max).toBeLessThan(500);
			// The worker's own listener (from the test above) got its own publishes too.
			const own = worker.take("message").map((m) => m.userId);
			expect(own).toEqual(ids);
			await coordinator.close();
		});
	});
});
