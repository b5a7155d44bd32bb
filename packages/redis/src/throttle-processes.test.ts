import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleThrottleInstance, describeThrottleAcceptance, startThrottleInstance } from "@identity/testing";
import { clientKinds } from "../test/clients.js";
import { removeKeys, requireRedisUrl, testPrefix, testRedis } from "../test/redis.js";

// The throttle's acceptance test (issue 9) on two Node processes sharing one Redis coordinator
// (ioredis in one, node-redis in the other), under a key prefix of their own, removed afterwards.
// IDENTITY_TEST_REDIS unset: skipped with a message, except under CI=true, where the suite fails.
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const kinds = ["ioredis 5", "node-redis 5"];

describeThrottleAcceptance(
	"throttle across 2 processes sharing a Redis coordinator",
	{
		skip: testRedis().skip,
		sharedStore: false,
		async start(limits, count) {
			const url = await requireRedisUrl();
			const prefix = testPrefix();
			const bundle = await bundleThrottleInstance(packageRoot, join(packageRoot, "test", "throttle-instance.ts"), ["ioredis", "ioredis-6", "redis", "redis-4", "redis-6"]);
			const instances = await Promise.all(Array.from({ length: count }, (_, i) => startThrottleInstance(bundle, [kinds[i % kinds.length]!, url, prefix, JSON.stringify(limits)])));
			return {
				instances,
				async close() {
					await Promise.all(instances.map((i) => i.stop()));
					const redis = await clientKinds.find((k) => k.name === kinds[0])!.open(url);
					await removeKeys(redis.command, prefix);
					await redis.close();
				}
			};
		}
	},
	"coordinator"
);
