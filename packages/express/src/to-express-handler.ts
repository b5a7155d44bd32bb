import type { RequestHandler } from "express";
import type { Handler } from "@identity/core";
import { bridgeExpress } from "./express-bridge.js";

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
	return bridgeExpress(handler, (error, _req, _res, next) => next(error));
}
