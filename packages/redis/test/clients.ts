import { Redis as IORedis5 } from "ioredis";
import { Redis as IORedis6 } from "ioredis-6";
import { createClient as createClient5 } from "redis";
import { createClient as createClient4 } from "redis-4";
import { createClient as createClient6 } from "redis-6";
import type { IORedisClient, NodeRedisClient, RedisClient } from "../src/index.js";

// The client libraries under test. No vitest import here: test/worker.ts runs this outside vitest.

/** A connected test client and how to close it. */
export interface TestClient {
	client: RedisClient;
	/** The same client, for raw commands in assertions: `command(["GET", key])`. */
	command(args: string[]): Promise<unknown>;
	close(): Promise<void>;
}

/** One client library (and major version) the coordinator is tested with. */
export interface ClientKind {
	name: string;
	library: "ioredis" | "node-redis";
	/** Opens a connected client; `name` becomes its CLIENT SETNAME, inherited by duplicates. */
	open(url: string, name?: string): Promise<TestClient>;
	/**
	 * A client that starts connecting in the background (never awaited), with the library's default
	 * reconnect behaviour: for servers that are down or silent.
	 */
	start(url: string): { client: RedisClient; close(): void };
}

/** What the tests use of an ioredis client, on top of what the coordinator uses. */
type TestableIORedis = IORedisClient & { connect(): Promise<unknown>; quit(): Promise<unknown> };
type IORedisConstructor = new (url: string, options?: Record<string, unknown>) => TestableIORedis;

function ioredisKind(name: string, Redis: IORedisConstructor): ClientKind {
	return {
		name,
		library: "ioredis",
		async open(url, connectionName) {
			const client = new Redis(url, { lazyConnect: true, ...(connectionName ? { connectionName } : {}) });
			client.on("error", () => {});
			await client.connect();
			return {
				client,
				command: ([command, ...args]) => client.call(command!, ...args),
				close: async () => {
					if (client.status !== "end") await client.quit().catch(() => client.disconnect());
				}
			};
		},
		start(url) {
			const client = new Redis(url);
			client.on("error", () => {});
			return { client, close: () => client.disconnect() };
		}
	};
}

/** What the tests use of a node-redis client, on top of what the coordinator uses. */
type TestableNodeRedis = NodeRedisClient & { quit(): Promise<unknown> };
type CreateClient = (options: { url: string; name?: string }) => TestableNodeRedis;

function nodeRedisKind(name: string, createClient: CreateClient): ClientKind {
	return {
		name,
		library: "node-redis",
		async open(url, connectionName) {
			const client = createClient({ url, ...(connectionName ? { name: connectionName } : {}) });
			client.on("error", () => {});
			await client.connect();
			return {
				client,
				command: (args) => client.sendCommand(args),
				close: async () => {
					if (client.isOpen) await client.quit();
				}
			};
		},
		start(url) {
			const client = createClient({ url });
			client.on("error", () => {});
			client.connect().catch(() => {});
			return {
				client,
				close: () => {
					if (client.isOpen) client.disconnect().catch(() => {});
				}
			};
		}
	};
}

/** Every client the coordinator supports: ioredis 5 and 6, node-redis 4, 5 and 6. */
export const clientKinds: readonly ClientKind[] = [
	// The casts only narrow each library's own rich types to the few members the tests call;
	// src/client.test-d.ts checks that the real client types fit RedisClient without any cast.
	ioredisKind("ioredis 5", IORedis5 as unknown as IORedisConstructor),
	ioredisKind("ioredis 6", IORedis6 as unknown as IORedisConstructor),
	nodeRedisKind("node-redis 4", createClient4 as unknown as CreateClient),
	nodeRedisKind("node-redis 5", createClient5 as unknown as CreateClient),
	nodeRedisKind("node-redis 6", createClient6 as unknown as CreateClient)
];
