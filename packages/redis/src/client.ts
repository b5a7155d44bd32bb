/**
 * The part of an ioredis client (`new Redis(...)`, ioredis 5 or 6) the coordinator uses. Declared
 * structurally, so this package never imports ioredis: any `Redis` instance fits.
 */
export interface IORedisClient {
	/** The connection state (`"wait"`, `"connecting"`, `"ready"`, `"end"`, ...). */
	readonly status: string;
	call(command: string, ...args: string[]): Promise<unknown>;
	duplicate(override?: Record<string, unknown>): IORedisClient;
	subscribe(...channels: string[]): Promise<unknown>;
	on(event: string, listener: (...args: any[]) => void): unknown;
	disconnect(): void;
}

/**
 * The part of a node-redis client (`createClient(...)` from `redis` 4, 5 or 6) the coordinator
 * uses. Declared structurally, so this package never imports `redis`: any connected client fits.
 */
export interface NodeRedisClient {
	readonly isOpen: boolean;
	sendCommand(args: string[], options?: any): Promise<unknown>;
	duplicate(): NodeRedisClient;
	connect(): Promise<unknown>;
	subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
	on(event: string, listener: (...args: any[]) => void): unknown;
	disconnect(): Promise<unknown>;
	/** node-redis 5 and later; 4 has only `disconnect()`. */
	destroy?(): void;
}

/** A Redis client of either library: ioredis (`new Redis()`) or node-redis (`createClient()`). */
export type RedisClient = IORedisClient | NodeRedisClient;
