import type { RequestHandler } from "express";
import type { FetchHandler } from "@identity/node";
import { sendWebResponse } from "@identity/node";
import { toExpressRequest } from "./express-request.js";

/** An AbortSignal that fires when the client goes away before the response is finished. */
export function abortOnClose(res: { once(event: "close", listener: () => void): unknown; writableFinished: boolean }): AbortSignal {
	const controller = new AbortController();
	res.once("close", () => {
		if (!res.writableFinished) controller.abort();
	});
	return controller.signal;
}

/**
 * Mounts a fetch handler (`identity.handle`, a guarded handler, a whole fetch app) on Express. The
 * handler sees the full URL (mount path included) and the body whether or not a body parser ran;
 * its Response is written back (each `Set-Cookie` separate, no body for HEAD). Errors go to `next`.
 *
 * @example
 * app.use("/identity", toExpressHandler(identity.handle));
 * app.get("/admin", toExpressHandler(identity.rolesRequired(adminPage, "admin")));
 */
export function toExpressHandler(handler: FetchHandler): RequestHandler {
	return (req, res, next) => {
		const signal = abortOnClose(res);
		let request: Request;
		try {
			request = toExpressRequest(req, signal);
		} catch {
			res.status(400).type("text/plain").send("Bad Request");
			return;
		}
		Promise.resolve()
			.then(() => handler(request))
			.then((response) => sendWebResponse(res, response, req.method))
			.catch((error: unknown) => {
				if (!signal.aborted) next(error);
			});
	};
}
