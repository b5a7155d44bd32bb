import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidOptionsError, type Handler } from "@identity/core";
import { toNodeHandler, type NodeHandlerOptions } from "./bridge.js";

/** Options of `serve`. Timeouts are in milliseconds. */
export interface ServeOptions extends NodeHandlerOptions {
	/** Default 0: any free port. */
	port?: number;
	/** Default `127.0.0.1`. */
	hostname?: string;
	/** How long a client may take to send the request headers; then 408 and the socket closes. Default 10 000. */
	headersTimeout?: number;
	/** How long a client may take to send the whole request, body included. Default 30 000. */
	requestTimeout?: number;
	/** How long an idle keep-alive connection stays open (Node adds a 1 s grace). Default 5 000. */
	keepAliveTimeout?: number;
}

/** A server `serve` started. */
export interface RunningServer {
	/** `http://hostname:port` */
	url: string;
	/** The `node:http` server, e.g. for `upgrade` listeners. */
	server: Server;
	/** Stops accepting connections and closes open ones. */
	close(): Promise<void>;
}

/** SPEC "Node server defaults". */
const defaults = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 } as const;

function timeout(options: ServeOptions, name: keyof typeof defaults): number {
	const value = options[name] ?? defaults[name];
	if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
		throw new InvalidOptionsError(`Invalid serve() option: ${name} must be a positive whole number of milliseconds`);
	}
	return value;
}

/**
 * Starts a `node:http` server for a fetch handler (through `toNodeHandler`) and resolves once it
 * listens. Slow clients are cut off: headers within 10 s, the whole request within 30 s, idle
 * keep-alive connections closed after 5 s (each overridable).
 *
 * @throws InvalidOptionsError `ERR_INVALID_OPTIONS` when a timeout is not a positive integer, or
 * `headersTimeout` exceeds `requestTimeout`.
 * @example
 * const server = await serve(app, { port: 3000 });
 * console.log(server.url);
 */
export async function serve(handler: Handler, options: ServeOptions = {}): Promise<RunningServer> {
	const headersTimeout = timeout(options, "headersTimeout");
	const requestTimeout = timeout(options, "requestTimeout");
	const keepAliveTimeout = timeout(options, "keepAliveTimeout");
	if (headersTimeout > requestTimeout) {
		throw new InvalidOptionsError("Invalid serve() option: headersTimeout must not exceed requestTimeout");
	}
	// Node checks the headers and request deadlines on this interval (default 30 s): keep it well
	// below the shortest deadline, or a 10 s limit could take 40 s to bite.
	const connectionsCheckingInterval = Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 4)));
	const server = createServer(
		{ headersTimeout, requestTimeout, keepAliveTimeout, connectionsCheckingInterval },
		toNodeHandler(handler, options)
	);
	const hostname = options.hostname ?? "127.0.0.1";
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject).listen(options.port ?? 0, hostname, () => {
			server.off("error", reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
		server,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			})
	};
}
