import { IdentityError } from "@identity/core";
import type { IORedisClient, NodeRedisClient, RedisClient } from "../client.js";

/** What a subscriber connection reports back to its owner. */
export interface SubscriberEvents {
	message(text: string): void;
	/** A connection error; the client may still reconnect on its own. */
	error(error: unknown): void;
	/** The connection has given up (its reconnect strategy ended it); it will deliver nothing more. */
	lost(error: unknown): void;
}

/** A dedicated connection subscribed to one channel. */
export interface SubscriberConnection {
	/** Resolves once the server has confirmed the subscription. */
	readonly subscribed: Promise<void>;
	/** Closes the connection; never rejects. */
	close(): Promise<void>;
}

/** One client of either library behind the two things the coordinator does with it. */
export interface Connection {
	/** Sends one command. `signal` aborts it while it still waits in the client's offline queue. */
	send(args: readonly string[], signal: AbortSignal): Promise<unknown>;
	/** Opens a duplicate of the client, subscribed to `channel`. */
	openSubscriber(channel: string, events: SubscriberEvents): SubscriberConnection;
}

type Probe = Record<string, unknown>;

function isIORedis(client: Probe): boolean {
	return typeof client.call === "function" && typeof client.duplicate === "function" && typeof client.status === "string";
}

function isNodeRedis(client: Probe): boolean {
	return typeof client.sendCommand === "function" && typeof client.duplicate === "function" && typeof client.connect === "function" && "isOpen" in client;
}

function ioredisConnection(client: IORedisClient): Connection {
	return {
		send: ([command, ...args]) => client.call(command!, ...args),
		openSubscriber(channel, events) {
			// The offline queue and unlimited retries make SUBSCRIBE wait for the server however long it
			// is away, whatever the user's client is set to; autoResubscribe restores it after a reconnect.
			const subscriber = client.duplicate({ lazyConnect: false, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
			let closing = false;
			subscriber.on("error", (error: unknown) => events.error(error));
			subscriber.on("message", (from: string, text: string) => {
				if (from === channel) events.message(text);
			});
			subscriber.on("end", () => {
				if (!closing) events.lost(new Error("The subscriber connection ended"));
			});
			const subscribed = subscriber.subscribe(channel).then(() => undefined);
			subscribed.catch(() => {});
			return {
				subscribed,
				async close() {
					closing = true;
					subscriber.disconnect();
				}
			};
		}
	};
}

function nodeRedisConnection(client: NodeRedisClient): Connection {
	return {
		// node-redis 5 and 6 read `abortSignal`, 4 reads `signal`: either drops a queued command.
		send: (args, signal) => client.sendCommand([...args], { abortSignal: signal, signal }),
		openSubscriber(channel, events) {
			const subscriber = client.duplicate();
			let closing = false;
			let connected = false;
			const release = async () => {
				if (!subscriber.isOpen) return;
				try {
					if (typeof subscriber.destroy === "function") subscriber.destroy();
					else await subscriber.disconnect();
				} catch {
					// Already closed: nothing to release.
				}
			};
			subscriber.on("error", (error: unknown) => {
				// Between two connection attempts is a safe moment to stop a client that is still connecting.
				if (closing) return void release();
				events.error(error);
				// node-redis closes the client when its reconnect strategy gives up, without an 'end' event.
				if (!subscriber.isOpen) events.lost(error);
			});
			const connecting = subscriber.connect().then(() => {
				connected = true;
			});
			const subscribed = connecting.then(() => {
				if (closing) throw new Error("The subscriber connection was closed");
				return subscriber.subscribe(channel, (text) => events.message(text)).then(() => undefined);
			});
			subscribed.catch(() => {});
			return {
				subscribed,
				async close() {
					closing = true;
					// Destroying node-redis in the middle of a connection attempt leaves that socket open
					// (the client forgets it), so a client still connecting is released once the attempt
					// ends: when connect() settles, or at its next error.
					if (connected) await release();
					else connecting.then(release, () => {});
				}
			};
		}
	};
}

/**
 * Wraps the user's client, recognised by its shape (no import of either library).
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for a cluster client or anything that is not a client.
 */
export function toConnection(client: RedisClient): Connection {
	const probe = (typeof client === "object" && client !== null ? client : {}) as unknown as Probe;
	if (probe.isCluster === true || typeof probe.getSlotMaster === "function") {
		throw new IdentityError("ERR_INVALID_ARGUMENT", "createRedisCoordinator: cluster clients are not supported; pass a single-node (or Sentinel) client");
	}
	if (isIORedis(probe)) return ioredisConnection(client as IORedisClient);
	if (isNodeRedis(probe)) return nodeRedisConnection(client as NodeRedisClient);
	throw new IdentityError("ERR_INVALID_ARGUMENT", "createRedisCoordinator: expected an ioredis client (new Redis()) or a node-redis client (createClient())");
}
