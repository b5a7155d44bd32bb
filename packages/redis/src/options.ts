import { InvalidOptionsError } from "@identity/core";

/** Options of `createRedisCoordinator`. Every one is optional. */
export interface RedisCoordinatorOptions {
	/**
	 * Prepended to every key and to the channel, so several applications share one Redis.
	 * Default `"identity:"`: keys `identity:counter:<key>` and `identity:token:<key>`, channel
	 * `identity:invalidate`.
	 */
	prefix?: string;
	/**
	 * How long one operation may wait for Redis before it fails with a `StoreError`, in
	 * milliseconds. Default 2000. A Redis outage then costs a caller at most this long, never a hang.
	 */
	commandTimeoutMs?: number;
	/**
	 * Called with failures that no caller awaits: the invalidation subscriber's connection errors
	 * and losses (each a `StoreError` with the driver error as `cause`), and errors thrown by
	 * invalidation listeners. Default: ignored (the subscriber reconnects by itself).
	 */
	onError?: (error: Error) => void;
}

/** The options with their defaults applied. */
export interface ResolvedRedisCoordinatorOptions {
	prefix: string;
	commandTimeoutMs: number;
	onError: (error: Error) => void;
}

/** The defaults, in one place. */
export const redisCoordinatorDefaults = { prefix: "identity:", commandTimeoutMs: 2000 } as const;

const known = new Set(["prefix", "commandTimeoutMs", "onError"]);

/**
 * Validates the options and applies the defaults.
 * @throws InvalidOptionsError (`ERR_INVALID_OPTIONS`) for an unknown option or a bad value.
 */
export function resolveRedisCoordinatorOptions(options: RedisCoordinatorOptions = {}): ResolvedRedisCoordinatorOptions {
	if (typeof options !== "object" || options === null) throw new InvalidOptionsError("createRedisCoordinator: options must be an object");
	for (const name of Object.keys(options)) {
		if (!known.has(name)) throw new InvalidOptionsError(`createRedisCoordinator: unknown option "${name}"`);
	}
	const { prefix = redisCoordinatorDefaults.prefix, commandTimeoutMs = redisCoordinatorDefaults.commandTimeoutMs, onError = () => {} } = options;
	if (typeof prefix !== "string" || prefix.length > 256) throw new InvalidOptionsError("createRedisCoordinator: prefix must be a string of at most 256 characters");
	if (typeof commandTimeoutMs !== "number" || !Number.isInteger(commandTimeoutMs) || commandTimeoutMs < 1 || commandTimeoutMs > 2_147_483_647) {
		throw new InvalidOptionsError("createRedisCoordinator: commandTimeoutMs must be a positive integer number of milliseconds");
	}
	if (typeof onError !== "function") throw new InvalidOptionsError("createRedisCoordinator: onError must be a function");
	return { prefix, commandTimeoutMs, onError };
}
