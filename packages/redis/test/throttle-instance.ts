// One application instance with a Redis coordinator (and its own memory store: both instances seed
// the same users in the same order, so the ids match), in its own process, for the throttle
// acceptance test (src/throttle-processes.test.ts bundles and starts it).
// argv: <client kind name> <redis url> <key prefix> <rateLimit JSON>.
import { createMemoryStore } from "@identity/core";
import { runThrottleInstance, type ThrottleLimits } from "@identity/testing/throttle-instance";
import { createRedisCoordinator } from "../src/index.js";
import { clientKinds } from "./clients.js";

const [kindName, url, prefix, limits] = process.argv.slice(2);
const kind = clientKinds.find((k) => k.name === kindName);
if (!kind || !url || !prefix || !limits) throw new Error("usage: throttle-instance <kind> <url> <prefix> <limits>");
const redis = await kind.open(url);
const coordinator = createRedisCoordinator(redis.client, { prefix });
await runThrottleInstance(
	{
		store: createMemoryStore(),
		coordinator,
		async close() {
			await coordinator.close();
			await redis.close();
		}
	},
	JSON.parse(limits) as ThrottleLimits
);
