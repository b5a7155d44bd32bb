/**
 * How each scenario's app is served, by `server` name. Each starter listens on a free loopback
 * port and resolves to `{ url, close }`.
 */
import { createServer } from "node:http";

/** @param {import("node:http").Server} server */
function listening(server, hostname) {
	return new Promise((resolve, reject) => {
		server.once("error", reject).listen(0, hostname, () => {
			const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
			resolve({ url: `http://${hostname}:${port}`, close: () => new Promise((done) => (server.closeAllConnections(), server.close(() => done()))) });
		});
	});
}

function need(app, key, server) {
	if (typeof app[key] !== "function") throw new Error(`The "${server}" server needs an app with a "${key}" function`);
	return app[key];
}

/** @type {Record<string, (app: import("./apps/bare.mjs").BenchApp, hostname: string) => Promise<{ url: string, close(): Promise<void> }>>} */
export const servers = {
	async hono(app, hostname) {
		const { serve } = await import("@hono/node-server");
		const fetch = need(app, "fetch", "hono");
		return new Promise((resolve) => {
			const server = serve({ fetch: (request) => fetch(request), port: 0, hostname }, (info) => {
				resolve({ url: `http://${hostname}:${info.port}`, close: () => new Promise((done) => server.close(() => done())) });
			});
		});
	},
	async srvx(app, hostname) {
		const { serve } = await import("srvx/node");
		const server = serve({ fetch: need(app, "fetch", "srvx"), port: 0, hostname, silent: true });
		await server.ready();
		return { url: `http://${hostname}:${new URL(server.url).port}`, close: () => server.close(true) };
	},
	async "identity-node"(app, hostname) {
		const { serve } = await import("@identity/node");
		const server = await serve(need(app, "fetch", "identity-node"), { hostname, port: 0 });
		return { url: server.url, close: () => server.close() };
	},
	async express(app, hostname) {
		const { default: express } = await import("express");
		const { toExpressHandler } = await import("@identity/express");
		const expressApp = express();
		expressApp.use(toExpressHandler(need(app, "fetch", "express")));
		return listening(createServer(expressApp), hostname);
	},
	async "express-route"(app, hostname) {
		const { default: express } = await import("express");
		const expressApp = express();
		const route = [app.route].flat();
		if (route.length === 0 || !route.every((handler) => typeof handler === "function")) throw new Error('The "express-route" server needs an app with a "route"');
		expressApp.get(app.path ?? "/", ...route);
		return listening(createServer(expressApp), hostname);
	},
	async "node-http"(app, hostname) {
		return listening(createServer(need(app, "listener", "node-http")), hostname);
	}
};
