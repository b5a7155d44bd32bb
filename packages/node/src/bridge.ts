import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener, RequestError, type HttpBindings } from "@hono/node-server";
import type { Handler } from "@identity/core";
import { rememberClientAddress } from "./client-address.js";

/**
 * A fetch-style handler.
 *
 * @deprecated Use core's `Handler` type; this alias stays for code written against 0.1.
 */
export type FetchHandler = Handler;

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
	/**
	 * For framework adapters: takes the errors the handler throws, with `req` and `res`, and owns the
	 * response from then on (`@identity/express` calls `next(error)`). When set, `onError` is not
	 * called and the bridge sends nothing.
	 */
	forwardError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** Statuses that never carry a body (RFC 9110 §6.4.1, §15.3.6). */
const bodiless = new Set([204, 205, 304]);

/** Thrown to @hono/node-server's error handler when nothing is to be sent. */
const handedOver = Symbol("handed over");

function defaultOnError(error: unknown): void {
	console.error("@identity/node: the fetch handler threw", error);
}

function plain(status: number, text: string): Response {
	return new Response(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * The Response to write. HEAD and bodiless statuses: the body is cancelled (a stream may never end)
 * and only the head is sent. A native Response (from `fetch()`, or made before the globals were
 * swapped) is re-made as a lightweight one: on its native path @hono/node-server would send the
 * message of a body error raised before the first chunk to the client.
 */
function toSend(method: string, response: Response): Response {
	if (method === "HEAD" || bodiless.has(response.status)) {
		if (response.body === null) return response;
		response.body.cancel().catch(() => undefined);
		return new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
	}
	return Object.getPrototypeOf(response) === Response.prototype || response.body === null ? response : new Response(response.body, response);
}

/**
 * Turns a fetch handler into a `node:http` request listener. The translation is @hono/node-server's
 * (a lazily built Request: the URL from the `Host` header, https on TLS sockets, the body streamed
 * from `req` with backpressure, an `AbortSignal` that fires when the client disconnects; the Response
 * written back with backpressure, each `Set-Cookie` separate). On top of it: `clientAddressOf(request)`
 * gives the socket address, HEAD/204/304 send no body, a malformed Host or URL gets 400, and an error
 * thrown by the handler gets a bare 500 (the error goes to `onError`, never to the client).
 *
 * @hono/node-server replaces the global `Request` and `Response` with its lightweight subclasses the
 * first time a listener is made (what makes it fast); `instanceof`, `clone()` and every body reader
 * keep working, on them and on native objects.
 *
 * @example
 * createServer(toNodeHandler(identity.loginRequired(handler))).listen(3000);
 */
export function toNodeHandler(handler: Handler, options: NodeHandlerOptions = {}): NodeHandler {
	const { getClientAddress, forwardError, onError = defaultOnError } = options;
	const fail = (error: unknown, req: IncomingMessage, res: ServerResponse): never => {
		// A client that went away has nobody to answer; its aborted reads are not server errors.
		if (res.destroyed) throw handedOver;
		if (!forwardError) throw error;
		forwardError(error, req, res);
		throw handedOver;
	};
	const listener = getRequestListener(
		(request, env) => {
			const { incoming, outgoing } = env as HttpBindings;
			rememberClientAddress(request, getClientAddress ? (getClientAddress(incoming) ?? null) : incoming.socket.remoteAddress);
			let response: Response | Promise<Response>;
			try {
				response = handler(request);
			} catch (error) {
				return fail(error, incoming, outgoing);
			}
			// A synchronous Response stays synchronous: @hono/node-server writes it without awaiting.
			if (response instanceof Response) return toSend(request.method, response);
			return response.then(
				(resolved) => toSend(request.method, resolved),
				(error: unknown) => fail(error, incoming, outgoing)
			);
		},
		{
			// Returning nothing tells @hono/node-server that the response is taken care of.
			errorHandler(error) {
				if (error === handedOver) return;
				if (error instanceof RequestError) return plain(400, "Bad Request");
				try {
					onError(error);
				} catch {}
				return plain(500, "Internal Server Error");
			}
		}
	);
	return (req, res) => {
		// HTTP/1.0 allows a request without Host (RFC 9112 §3.2): the URL then names this server.
		if (req.headers.host === undefined) {
			const local = req.socket.localAddress ?? "localhost";
			req.headers.host = `${local.includes(":") ? `[${local}]` : local}:${req.socket.localPort ?? 80}`;
		}
		void listener(req, res);
	};
}
