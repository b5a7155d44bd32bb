import type { Redis as IORedis5 } from "ioredis";
import type { Redis as IORedis6 } from "ioredis-6";
import type { createClient as createClient5 } from "redis";
import type { createClient as createClient4 } from "redis-4";
import type { createClient as createClient6 } from "redis-6";
import { expectTypeOf, test } from "vitest";
import type { Coordinator } from "@identity/core";
import type { IORedisClient, NodeRedisClient, RedisClient, RedisCoordinator, createRedisCoordinator } from "./index.js";

test("RedisClient accepts the real clients of ioredis 5 and 6 and node-redis 4, 5 and 6 without a cast", () => {
	expectTypeOf<IORedis5>().toExtend<IORedisClient>();
	expectTypeOf<IORedis6>().toExtend<IORedisClient>();
	expectTypeOf<ReturnType<typeof createClient4>>().toExtend<NodeRedisClient>();
	expectTypeOf<ReturnType<typeof createClient5>>().toExtend<NodeRedisClient>();
	expectTypeOf<ReturnType<typeof createClient6>>().toExtend<NodeRedisClient>();
	expectTypeOf<IORedis5>().toExtend<RedisClient>();
	expectTypeOf<ReturnType<typeof createClient5>>().toExtend<RedisClient>();
	expectTypeOf<typeof createRedisCoordinator>().parameter(0).toEqualTypeOf<RedisClient>();
});

test("RedisClient refuses things that are not clients", () => {
	expectTypeOf<{ call(): void }>().not.toExtend<RedisClient>();
	expectTypeOf<string>().not.toExtend<RedisClient>();
});

test("createRedisCoordinator() returns a Coordinator (with ready and close)", () => {
	expectTypeOf<ReturnType<typeof createRedisCoordinator>>().toEqualTypeOf<RedisCoordinator>();
	expectTypeOf<RedisCoordinator>().toExtend<Coordinator>();
	expectTypeOf<RedisCoordinator["close"]>().returns.toEqualTypeOf<Promise<void>>();
});
