import type { IncomingMessage } from "node:http";
import type { NextFunction, Request as ExpressRequest, RequestHandler } from "express";
import type { Handler } from "@identity/core";
import { toNodeHandler } from "@identity/node";
import { handOverParsedBody } from "./express-request.js";

/**
 * Mounts a fetch handler (`identity.handle`, a guarded handler, a whole fetch app) on Express,
 * through `@identity/node`'s bridge. The handler sees the full URL (mount path included), `req.ip`
 * as the client address (`clientAddressOf`), and the body whether or not a body parser ran; its
 * Response is written back (each `Set-Cookie` separate, no body for HEAD). Errors go to `next`.
 *
 * @example
 * app.use("/identity", toExpressHandler(identity.handle));
 * app.get("/admin", toExpressHandler(identity.rolesRequired(adminPage, "admin")));
 */
export function toExpressHandler(handler: Handler): RequestHandler {
	const nexts = new WeakMap<IncomingMessage, NextFunction>();
	const listener = toNodeHandler(handler, {
		getClientAddress: (req) => (req as ExpressRequest).ip,
		forwardError: (error, req) => nexts.get(req)?.(error)
	});
	return (req, res, next) => {
		nexts.set(req, next);
		handOverParsedBody(req);
		// The bridge reads the URL as it starts: give it the full path (a mounted router strips its
		// prefix from req.url), then restore req.url for the routers that run after.
		const url = req.url;
		req.url = req.originalUrl;
		try {
			listener(req, res);
		} finally {
			req.url = url;
		}
	};
}
