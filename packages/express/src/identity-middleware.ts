import type { RequestHandler } from "express";
import type { AuthMethod, CurrentUser, Handler, Identity, RoleRequirement } from "@identity/core";
import { abortOnClose, sendWebResponse } from "@identity/node";
import { restoreBody, toExpressRequest, type CapturedBody } from "./express-request.js";

declare global {
	// Declaration merging is how Express types `req` extensions.
	namespace Express {
		interface Request {
			/** The current user (anonymous when nobody is logged in), set by `identityMiddleware`. */
			user?: CurrentUser;
		}
	}
}

/** One of core's guards, as a function of the handler it protects: `identity.loginRequired`, `(h) => identity.rolesRequired(h, "admin")`. */
export type Guard = (handler: Handler) => Handler;

/**
 * Which core guard `identityMiddleware` applies.
 *
 * @deprecated Pass the guard itself: `identityMiddleware(identity, (h) => identity.rolesRequired(h, "admin"))`.
 */
export type MiddlewareRequirement =
	| "login"
	| "fresh"
	| { roles: readonly RoleRequirement[] }
	| { anyRole: readonly string[] }
	| { auth: readonly AuthMethod[] };

/**
 * Options of `identityMiddleware`.
 *
 * @deprecated Pass a `Guard` instead.
 */
export interface IdentityMiddlewareOptions {
	/** The guard to apply. Default: none (`withIdentity`). */
	require?: MiddlewareRequirement;
}

function guardOf(identity: Identity, requirement: MiddlewareRequirement | undefined): Guard {
	if (requirement === undefined) return identity.withIdentity;
	if (requirement === "login") return identity.loginRequired;
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
 * @param guard Default `identity.withIdentity`: load the user, require nothing.
 * @example
 * app.get("/me", identityMiddleware(identity, identity.loginRequired), (req, res) => res.json(req.user));
 * app.get("/admin", identityMiddleware(identity, (h) => identity.rolesRequired(h, "admin")), (req, res) => {
 *   res.json({ hello: req.user?.username });
 * });
 */
export function identityMiddleware(identity: Identity, guard: Guard | IdentityMiddlewareOptions = identity.withIdentity): RequestHandler {
	const passed = new WeakSet<Request>();
	const guarded = (typeof guard === "function" ? guard : guardOf(identity, guard.require))(async (request: Request) => {
		passed.add(request);
		return new Response(null, { status: 204 });
	});
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
		Promise.resolve()
			.then(() => guarded(request))
			.then(async (response) => {
				if (!passed.has(request)) return sendWebResponse(res, response, req.method);
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
