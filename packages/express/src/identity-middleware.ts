import type { RequestHandler } from "express";
import type { AuthMethod, CurrentUser, Handler, Identity, RoleRequirement } from "@identity/core";
import { restoreBody } from "./express-body.js";
import { bridgeExpress } from "./express-bridge.js";

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

const pass = Symbol("passed");

/** What the guarded handler throws when the guard let the request through. */
interface Pass {
	[pass]: true;
	request: Request;
	response: Response;
}

function isPass(error: unknown): error is Pass {
	return typeof error === "object" && error !== null && pass in error;
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
 * (401/403/redirect, as core decides) is sent. Works with or without body parsers before it: a
 * body the guard did not read is left for later parsers; one it read (core reads a form's
 * `csrf_token` from a clone of the Request) is left on `req.body`, marked as parsed.
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
	return bridgeExpress(
		async (request) => {
			const response = await guarded(request);
			if (!passed.has(request)) return response;
			// The bridge writes nothing when the handler "fails" with this: the Express route answers.
			throw { [pass]: true, request, response } satisfies Pass;
		},
		(error, req, res, next) => {
			if (!isPass(error)) return next(error);
			for (const cookie of error.response.headers.getSetCookie()) res.append("set-cookie", cookie);
			req.user = identity.currentUser(error.request);
			restoreBody(req, error.request).then(() => next(), next);
		}
	);
}
