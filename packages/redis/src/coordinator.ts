import { IdentityError, type Coordinator, type WindowCounter } from "@identity/core";
import type { RedisClient } from "./client.js";
import { toConnection } from "./internal/connection.js";
import { withDeadline } from "./internal/deadline.js";
import { createInvalidationHub } from "./internal/invalidations.js";
import { incrementScript, readScript, runScript } from "./internal/scripts.js";
import { resolveRedisCoordinatorOptions, type RedisCoordinatorOptions } from "./options.js";

/** A `Coordinator` on Redis, plus what only a networked one needs. */
export interface RedisCoordinator extends Coordinator {
	/**
	 * Resolves once the invalidation subscription is live (at once when nothing is subscribed).
	 * Messages published before that are not received.
	 * @throws StoreError (`ERR_STORE`) when the subscription is not live within `commandTimeoutMs`.
	 */
	ready(): Promise<void>;
	/**
	 * Ends every invalidation subscription and closes the connection the coordinator duplicated for
	 * them. Never closes your client: close it yourself after this. Counters, tokens and publishing
	 * keep working on your client afterwards, and a new subscription opens a new connection.
	 */
	close(): Promise<void>;
}

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

function requireKey(operation: string, key: unknown): asserts key is string {
	if (typeof key !== "string") throw invalid(`${operation}: key must be a string`);
}

/** A `{ count, pttl }` script reply as a counter, with resetAt measured from when it arrived. */
function toCounter(reply: unknown): WindowCounter {
	const [count, pttl] = Array.isArray(reply) ? reply.map(Number) : [];
	if (count === undefined || !Number.isSafeInteger(count) || pttl === undefined || !Number.isFinite(pttl)) {
		throw new Error("Unexpected reply: the key does not hold a counter");
	}
	return { count, resetAt: new Date(Date.now() + Math.max(0, pttl)) };
}

/**
 * Creates the `coordinator` for `createIdentity` on a Redis client of either library: ioredis or
 * node-redis (`redis` 4, 5 or 6), recognised by its shape; neither library is imported. Every
 * operation is one atomic round trip (a Lua script for counters, `SET NX PX` for tokens, `PUBLISH`
 * for invalidations); keys and the channel carry `options.prefix`. The invalidation subscription
 * runs on a duplicate of the client, opened on the first `subscribeInvalidations` and closed after
 * the last unsubscribe or by `close()`. A node-redis client must be connected (`await
 * client.connect()`) before use.
 *
 * Failures reject with `StoreError` (`ERR_STORE`, the driver error as `cause`, no keys or values
 * in the message), also when Redis does not answer within `commandTimeoutMs`.
 *
 * @throws IdentityError (`ERR_INVALID_ARGUMENT`) when `client` is neither kind of client, or a
 * cluster client; InvalidOptionsError (`ERR_INVALID_OPTIONS`) for bad options.
 * @example
 * ```ts
 * import { createIdentity } from "@identity/core";
 * import { createRedisCoordinator } from "@identity/redis";
 * import { Redis } from "ioredis";
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const coordinator = createRedisCoordinator(redis, { prefix: "shop:" });
 * const identity = createIdentity({ store, secret, coordinator });
 * // On shutdown: await coordinator.close(); await redis.quit();
 * ```
 */
export function createRedisCoordinator(client: RedisClient, options?: RedisCoordinatorOptions): RedisCoordinator {
	const { prefix, commandTimeoutMs, onError } = resolveRedisCoordinatorOptions(options);
	const connection = toConnection(client);
	const counterKey = (key: string) => `${prefix}counter:${key}`;
	const tokenKey = (key: string) => `${prefix}token:${key}`;
	const channel = `${prefix}invalidate`;
	const hub = createInvalidationHub(connection, channel, commandTimeoutMs, onError);

	function run<T>(operation: string, work: (send: (args: readonly string[]) => Promise<unknown>) => Promise<T>): Promise<T> {
		return withDeadline(operation, commandTimeoutMs, (signal) => work((args) => connection.send(args, signal)));
	}

	return {
		async incrementCounter(key, delta, windowSeconds) {
			requireKey("incrementCounter", key);
			if (!Number.isSafeInteger(delta)) throw invalid("incrementCounter: delta must be a safe integer");
			if (typeof windowSeconds !== "number" || !Number.isFinite(windowSeconds) || windowSeconds <= 0) {
				throw invalid("incrementCounter: windowSeconds must be a positive number");
			}
			const windowMs = String(Math.max(1, Math.ceil(windowSeconds * 1000)));
			return run("incrementCounter", async (send) => toCounter(await runScript(send, incrementScript, counterKey(key), [String(delta), windowMs])));
		},

		async readCounter(key) {
			requireKey("readCounter", key);
			return run("readCounter", async (send) => {
				const reply = await runScript(send, readScript, counterKey(key), []);
				return reply === null || reply === undefined ? null : toCounter(reply);
			});
		},

		async clearCounter(key) {
			requireKey("clearCounter", key);
			await run("clearCounter", (send) => send(["DEL", counterKey(key)]));
		},

		async consumeToken(key, expiresAt) {
			requireKey("consumeToken", key);
			if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) throw invalid("consumeToken: expiresAt must be a valid Date");
			// An expired token has nothing left to consume: refusing it keeps "true at most once".
			const ttlMs = expiresAt.getTime() - Date.now();
			if (ttlMs <= 0) return false;
			// PX (relative, from this instance's clock) rather than PXAT: the Redis server's clock does
			// not matter, and the key lives exactly as long as this instance considers the token valid.
			const reply = await run("consumeToken", (send) => send(["SET", tokenKey(key), "1", "NX", "PX", String(ttlMs)]));
			return reply !== null && reply !== undefined && String(reply) === "OK";
		},

		async publishInvalidation(userId) {
			if (typeof userId !== "string") throw invalid("publishInvalidation: userId must be a string");
			await run("publishInvalidation", (send) => send(["PUBLISH", channel, userId]));
		},

		subscribeInvalidations(listener) {
			if (typeof listener !== "function") throw invalid("subscribeInvalidations: listener must be a function");
			return hub.subscribe(listener);
		},

		ready: () => hub.ready(),
		close: () => hub.close()
	};
}
