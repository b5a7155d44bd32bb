import type { RequestHandler } from "express";
import type { AuthMethod, CurrentUser, Identity, RoleRequirement } from "@identity/core";
import { sendWebResponse } from "@identity/node";
import { restoreBody, toExpressRequest, type CapturedBody } from "./express-request.js";
import { abortOnClose } from "./to-express-handler.js";

declare global {
	// Declaration merging is how Express types `req` extensions.
	namespace Express {
		interface Request {
			/** The current user (anonymous when nobody is logged in), set by `identityMiddleware`. */
			user?: CurrentUser;
		}
	}
}

/** Which core guard `identityMiddleware` applies. */
export type MiddlewareRequirement =
	| "login"
	| "fresh"
	| { roles: readonly RoleRequirement[] }
	| { anyRole: readonly string[] }
	| { auth: readonly AuthMethod[] };

/** Options of `identityMiddleware`. */
export interface IdentityMiddlewareOptions {
	/** The guard to apply: `loginRequired`, `freshLoginRequired`, `rolesRequired`, `rolesAccepted` or `authRequired`. Default: none (`withIdentity`). */
	require?: MiddlewareRequirement;
}

type Wrap = (handler: (request: Request) => Promise<Response>) => (request: Request) => Promise<Response>;

function guardOf(identity: Identity, requirement: MiddlewareRequirement | undefined): Wrap {
	if (requirement === undefined) return (handler) => identity.withIdentity(handler);
	if (requirement === "login") return (handler) => identity.loginRequired(handler);
	if (requirement === "fresh") return (handler) => identity.freshLoginRequired(handler);
	if ("roles" in requirement) return (handler) => identity.rolesRequired(handler, ...requirement.roles);
	if ("anyRole" in requirement) return (handler) => identity.rolesAccepted(handler, ...requirement.anyRole);
	return (handler) => identity.authRequired(handler, ...requirement.auth);
}

/**
 * Express middleware running one of core's guards in front of existing Express routes. When the
 * guard passes, `req.user` is the current user, the guard's cookie changes (a session restored from
 * the remember cookie) are added to `res`, and `next()` runs; otherwise the guard's failure response
 * (401/403/redirect, as core decides) is sent. Works with or without body parsers before it.
 *
 * @example
 * app.get("/admin", identityMiddleware(identity, { require: { roles: ["admin"] } }), (req, res) => {
 *   res.json({ hello: req.user?.username });
 * });
 */
export function identityMiddleware(identity: Identity, options: IdentityMiddlewareOptions = {}): RequestHandler {
	const wrap = guardOf(identity, options.require);
	return (req, res, next) => {
		const captured: CapturedBody = { chunks: [], ended: false };
		const signal = abortOnClose(res);
		let request: Request;
		try {
			request = toExpressRequest(req, signal, captured);
		} catch {
			res.status(400).type("text/plain").send("Bad Request");
			return;
		}
		let passed = false;
		const guarded = wrap(async () => {
			passed = true;
			return new Response(null, { status: 204 });
		});
		guarded(request)
			.then(async (response) => {
				if (!passed) return sendWebResponse(res, response, req.method);
				for (const cookie of response.headers.getSetCookie()) res.append("set-cookie", cookie);
				req.user = identity.currentUser(request);
				restoreBody(req, captured);
				next();
			})
			.catch((error: unknown) => {
				if (!signal.aborted) next(error);
			});
	};
}
