/**
 * @typedef {object} BenchApp What a scenario's factory resolves to.
 * @property {(request: Request) => Response | Promise<Response>} [fetch] The fetch handler (every server but the two below).
 * @property {import("express").RequestHandler | import("express").RequestHandler[]} [route] The route (handlers in order) of the "express-route" server.
 * @property {import("node:http").RequestListener} [listener] The listener of the "node-http" server.
 * @property {Record<string, string>} [headers] Sent with every request (a cookie or bearer token made at setup).
 * @property {string} [path] The request path; default "/".
 * @property {string} [skip] Why the scenario cannot run here; it is reported and left out.
 * @property {() => Promise<void> | void} [close] Called when the server process stops.
 */

const body = "ok";

/** @returns {BenchApp} A handler that answers "ok" without looking at the request. */
export function createBareHandler() {
	return { fetch: () => new Response(body) };
}

/**
 * @returns {BenchApp} The bare handler as an async function: what any asynchronous guard costs
 * before it does any work (a promise per request, the server's asynchronous response path).
 */
export function createBareAsyncHandler() {
	return { fetch: async () => new Response(body) };
}

/** @returns {Promise<BenchApp>} The bare handler answering with srvx's FastResponse (what srvx's docs advise). */
export async function createFastResponseHandler() {
	const { FastResponse } = await import("srvx/node");
	return { fetch: () => new FastResponse(body) };
}

/** @returns {BenchApp} The same answer from a plain Express route. */
export function createBareExpressRoute() {
	return { route: (_req, res) => void res.type("text/plain").send(body) };
}

/**
 * @returns {Promise<BenchApp>} The bare Express route behind `identityMiddleware` with a guard that
 * lets everything through: what the middleware's translation costs, without any of core's work.
 */
export async function createPassThroughMiddlewareRoute() {
	const { createIdentity, createMemoryStore } = await import("@identity/core");
	const { identityMiddleware } = await import("@identity/express");
	const identity = createIdentity({ store: createMemoryStore(), secret: "bench-secret-0123456789abcdef0123456789abcdef" });
	return { route: [identityMiddleware(identity, (handler) => handler), createBareExpressRoute().route] };
}

/** @returns {BenchApp} The same answer straight from node:http. */
export function createBareListener() {
	return {
		listener: (_req, res) => {
			res.writeHead(200, { "content-type": "text/plain; charset=UTF-8", "content-length": body.length });
			res.end(body);
		}
	};
}
