import type { IncomingMessage } from "node:http";
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Handler } from "@identity/core";
import { toNodeHandler } from "@identity/node";
import { handOverParsedBody } from "./express-body.js";

/** Where the errors of the handler go, with the Express request they belong to. */
export type ForwardError = (error: unknown, req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void;

/**
 * Runs a fetch handler through `@identity/node`'s bridge for Express: the Request has the full URL
 * (mount path included), `req.ip` as its client address and the body whether or not a parser ran;
 * the bridge writes the Response, and hands the handler's errors to `forward`.
 */
export function bridgeExpress(handler: Handler, forward: ForwardError): RequestHandler {
	const nexts = new WeakMap<IncomingMessage, NextFunction>();
	const listener = toNodeHandler(handler, {
		getClientAddress: (req) => (req as ExpressRequest).ip,
		forwardError: (error, req, res) => forward(error, req as ExpressRequest, res as ExpressResponse, nexts.get(req)!)
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
