import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { clientKinds, type TestClient } from "../test/clients.js";
import { describeRedis, namedConnections, requireRedisUrl, sleep, testPrefix, waitUntil } from "../test/redis.js";
import { createRedisCoordinator } from "./index.js";

describeRedis("invalidation broadcast on Redis", () => {
	describe.each(clientKinds)("$name", (kind) => {
		// Every connection of this suite carries this name (duplicates inherit it), so CLIENT LIST
		// shows exactly the connections the coordinator opened.
		const name = `identity-test-${randomBytes(6).toString("hex")}`;
		let url: string;
		let redis: TestClient;
		const connections = () => namedConnections(redis.command, name);

		beforeAll(async () => {
			url = await requireRedisUrl();
			redis = await kind.open(url, name);
		});
		afterAll(() => redis.close());

		test("publishInvalidation() reaches this instance's own listeners and another instance's", async () => {
			const prefix = testPrefix();
			const other = await kind.open(url, name);
			const a = createRedisCoordinator(redis.client, { prefix });
			const b = createRedisCoordinator(other.client, { prefix });
			const seenA: string[] = [];
			const seenB: string[] = [];
			a.subscribeInvalidations((id) => seenA.push(id));
			b.subscribeInvalidations((id) => seenB.push(id));
			await Promise.all([a.ready(), b.ready()]);
			await a.publishInvalidation("user-1");
			await b.publishInvalidation("user-2");
			await waitUntil(() => seenA.length === 2 && seenB.length === 2);
			expect(seenA).toEqual(["user-1", "user-2"]);
			expect(seenB).toEqual(["user-1", "user-2"]);
			await Promise.all([a.close(), b.close()]);
			await other.close();
		});

		test("every listener receives every message, in publish order", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const first: string[] = [];
			const second: string[] = [];
			coordinator.subscribeInvalidations((id) => first.push(id));
			coordinator.subscribeInvalidations((id) => second.push(id));
			await coordinator.ready();
			const ids = Array.from({ length: 50 }, (_, i) => `u${i}`);
			await Promise.all(ids.map((id) => coordinator.publishInvalidation(id)));
			await waitUntil(() => first.length === 50 && second.length === 50);
			expect(first).toEqual(ids);
			expect(second).toEqual(ids);
			await coordinator.close();
		});

		test("the subscriber connection is a duplicate, opened on the first subscription and closed after the last", async () => {
			const prefix = testPrefix();
			const coordinator = createRedisCoordinator(redis.client, { prefix });
			const numsub = async () => Number(((await redis.command(["PUBSUB", "NUMSUB", `${prefix}invalidate`])) as [string, number])[1]);
			await waitUntil(async () => (await connections()).length === 1);
			await coordinator.publishInvalidation("nobody-listens");
			expect(await connections()).toHaveLength(1);

			const stopFirst = coordinator.subscribeInvalidations(() => {});
			const stopSecond = coordinator.subscribeInvalidations(() => {});
			await coordinator.ready();
			const opened = await connections();
			expect(opened).toHaveLength(2);
			expect(opened.filter((c) => c.flags.includes("P"))).toHaveLength(1);
			expect(await numsub()).toBe(1);
			// The user's client is not in subscriber mode: it still runs commands.
			expect(await redis.command(["PING"])).toBe("PONG");
			expect((await coordinator.incrementCounter("still-works", 1, 5)).count).toBe(1);

			stopFirst();
			await sleep(100);
			expect(await numsub()).toBe(1);
			stopSecond();
			stopSecond();
			await waitUntil(async () => (await connections()).length === 1);
			expect(await numsub()).toBe(0);
			expect(await redis.command(["PING"])).toBe("PONG");
			await redis.command(["DEL", `${prefix}counter:still-works`]);
		});

		test("unsubscribing stops delivery to that listener at once; the others keep receiving", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const kept: string[] = [];
			const dropped: string[] = [];
			coordinator.subscribeInvalidations((id) => kept.push(id));
			const stop = coordinator.subscribeInvalidations((id) => dropped.push(id));
			await coordinator.ready();
			await coordinator.publishInvalidation("before");
			await waitUntil(() => dropped.length === 1 && kept.length === 1);
			// Published (and possibly already on the wire) before the unsubscribe: still not delivered.
			const publishing = coordinator.publishInvalidation("after");
			stop();
			await publishing;
			await waitUntil(() => kept.length === 2);
			await sleep(50);
			expect(dropped).toEqual(["before"]);
			expect(kept).toEqual(["before", "after"]);
			await coordinator.close();
		});

		test("the same function subscribed twice is called twice, and each unsubscribe removes one", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const seen: string[] = [];
			const listener = (id: string) => seen.push(id);
			const stopOne = coordinator.subscribeInvalidations(listener);
			coordinator.subscribeInvalidations(listener);
			await coordinator.ready();
			await coordinator.publishInvalidation("x");
			await waitUntil(() => seen.length === 2);
			stopOne();
			await coordinator.publishInvalidation("y");
			await waitUntil(() => seen.length === 3);
			await sleep(50);
			expect(seen).toEqual(["x", "x", "y"]);
			await coordinator.close();
		});

		test("a throwing listener does not stop the others; its error goes to onError", async () => {
			const errors: Error[] = [];
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix(), onError: (e) => errors.push(e) });
			const seen: string[] = [];
			coordinator.subscribeInvalidations(() => {
				throw new Error("listener failed");
			});
			coordinator.subscribeInvalidations((id) => seen.push(id));
			await coordinator.ready();
			await coordinator.publishInvalidation("u1");
			await waitUntil(() => seen.length === 1);
			expect(errors.map((e) => e.message)).toEqual(["listener failed"]);
			await coordinator.close();
		});

		test("a listener may unsubscribe itself while a message is being delivered", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const seen: string[] = [];
			const stop = coordinator.subscribeInvalidations((id) => {
				seen.push(`once:${id}`);
				stop();
			});
			coordinator.subscribeInvalidations((id) => seen.push(`always:${id}`));
			await coordinator.ready();
			await coordinator.publishInvalidation("a");
			await coordinator.publishInvalidation("b");
			await waitUntil(() => seen.length === 3);
			await sleep(50);
			expect(seen).toEqual(["once:a", "always:a", "always:b"]);
			await coordinator.close();
		});

		test("coordinators with different prefixes do not receive each other's invalidations", async () => {
			const a = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const b = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const seenA: string[] = [];
			const seenB: string[] = [];
			a.subscribeInvalidations((id) => seenA.push(id));
			b.subscribeInvalidations((id) => seenB.push(id));
			await Promise.all([a.ready(), b.ready()]);
			await a.publishInvalidation("for-a");
			await b.publishInvalidation("for-b");
			await waitUntil(() => seenA.length === 1 && seenB.length === 1);
			await sleep(50);
			expect(seenA).toEqual(["for-a"]);
			expect(seenB).toEqual(["for-b"]);
			await Promise.all([a.close(), b.close()]);
		});

		test("close() closes only the duplicate; the user's client keeps working, and a new subscription opens a new duplicate", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			const seen: string[] = [];
			coordinator.subscribeInvalidations((id) => seen.push(id));
			await coordinator.ready();
			await waitUntil(async () => (await connections()).length === 2);
			await coordinator.close();
			await waitUntil(async () => (await connections()).length === 1);
			expect(await redis.command(["PING"])).toBe("PONG");
			await coordinator.publishInvalidation("after-close");
			await sleep(50);
			expect(seen).toEqual([]);
			// Usable again: a new duplicate.
			coordinator.subscribeInvalidations((id) => seen.push(id));
			await coordinator.ready();
			await coordinator.publishInvalidation("again");
			await waitUntil(() => seen.length === 1);
			expect(seen).toEqual(["again"]);
			await coordinator.close();
			await coordinator.close();
			await waitUntil(async () => (await connections()).length === 1);
		});

		test("ready() resolves at once without subscriptions; unsubscribing before the duplicate connected leaves nothing open", async () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			await coordinator.ready();
			const stop = coordinator.subscribeInvalidations(() => {});
			stop();
			await sleep(200);
			await waitUntil(async () => (await connections()).length === 1);
			await coordinator.close();
		});

		test("the subscription survives its connection being killed: the client reconnects and resubscribes", async () => {
			const prefix = testPrefix();
			const errors: Error[] = [];
			const coordinator = createRedisCoordinator(redis.client, { prefix, onError: (e) => errors.push(e) });
			const seen: string[] = [];
			coordinator.subscribeInvalidations((id) => seen.push(id));
			await coordinator.ready();
			const subscriber = (await connections()).find((c) => c.flags.includes("P"));
			expect(subscriber).toBeDefined();
			await redis.command(["CLIENT", "KILL", "ID", subscriber!.id]);
			// Published until the resubscribed connection receives one.
			await waitUntil(async () => {
				await coordinator.publishInvalidation("after-kill");
				return seen.length > 0;
			}, 10_000);
			expect(seen[0]).toBe("after-kill");
			const resubscribed = (await connections()).find((c) => c.flags.includes("P"));
			expect(resubscribed?.id).not.toBe(subscriber!.id);
			expect(errors.every((e) => e.name === "StoreError")).toBe(true);
			await coordinator.close();
		});

		test("subscribeInvalidations() refuses a listener that is not a function", () => {
			const coordinator = createRedisCoordinator(redis.client, { prefix: testPrefix() });
			expect(() => coordinator.subscribeInvalidations("log" as unknown as () => void)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
		});
	});
});
