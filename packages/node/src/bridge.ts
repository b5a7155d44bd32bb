import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { toWebRequest } from "./node-request.js";
import { sendWebResponse } from "./node-response.js";

/** A fetch-style handler, as core's guards and `identity.handle` are. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A `node:http` request listener. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Options of `toNodeHandler`. */
export interface NodeHandlerOptions {
	/**
	 * The client address of a request, read by `clientAddressOf(request)`. Default: the socket's
	 * `remoteAddress`. Override it only behind a proxy you trust (e.g. read `X-Forwarded-For`).
	 */
	getClientAddress?: (req: IncomingMessage) => string | null | undefined;
	/** Called with errors the handler throws (the client gets a bare 500). Default: `console.error`. */
	onError?: (error: unknown) => void;
}

/** Options of `serve`. */
export interface ServeOptions extends NodeHandlerOptions {
	/** Default 0: any free port. */
	port?: number;
	/** Default `127.0.0.1`. */
	hostname?: string;
}

/** A server `serve` started. */
export interface RunningServer {
	/** `http://hostname:port` */
	url: string;
	/** Stops accepting connections and closes open ones. */
	close(): Promise<void>;
}

function defaultOnError(error: unknown): void {
	console.error("@identity/node: the fetch handler threw", error);
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
	res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
	res.end(text);
}

/**
 * Turns a fetch handler into a `node:http` request listener: a Web `Request` with a streamed body and
 * an `AbortSignal` that fires when the client disconnects; the `Response` written back with
 * backpressure, each `Set-Cookie` separate, no body for HEAD. A malformed request gets 400; an error
 * thrown by the handler gets a bare 500 (the error goes to `onError`, never to the client).
 *
 * @example
 * createServer(toNodeHandler(identity.loginRequired(handler))).listen(3000);
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
	const onError = options.onError ?? defaultOnError;
	return (req, res) => {
		const controller = new AbortController();
		res.once("close", () => {
			if (!res.writableFinished) controller.abort();
		});
		let request: Request;
		try {
			const clientAddress = options.getClientAddress ? (options.getClientAddress(req) ?? null) : undefined;
			request = toWebRequest(req, { signal: controller.signal, clientAddress });
		} catch {
			sendPlain(res, 400, "Bad Request");
			return;
		}
		void (async () => {
			try {
				const response = await handler(request);
				await sendWebResponse(res, response, req.method);
			} catch (error) {
				if (controller.signal.aborted) return;
				onError(error);
				if (!res.headersSent) sendPlain(res, 500, "Internal Server Error");
				else res.destroy();
			}
		})();
	};
}

/**
 * Starts a `node:http` server for a fetch handler and resolves once it listens.
 *
 * @example
 * const server = await serve(app, { port: 3000 });
 * console.log(server.url);
 */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<RunningServer> {
	const server = createServer(toNodeHandler(handler, options));
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
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			})
	};
}
