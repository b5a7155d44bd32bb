import { applyCookies } from "./apply-cookies.js";
import { checkBasic, checkCookies, checkToken, type Authenticated } from "./credentials.js";
import { passesCsrf } from "./csrf.js";
import { adopt, loadCurrentUser } from "./current-user.js";
import type { Engine } from "./engine.js";
import { IdentityError, isIdentityError } from "./errors.js";
import type { Guarded } from "./identity-api.js";
import { stateOf } from "./request-state.js";
import { csrfFailedResponse, unauthenticatedResponse, unauthorizedResponse, unavailableResponse } from "./responses.js";
import { nowSeconds } from "./token/claims.js";
import type { AuthMethod, CurrentUser, Handler, RoleRequirement } from "./types.js";
import { hasRoles } from "./user.js";

type Outcome = "ok" | "unauthenticated" | "reauthentication_required" | "forbidden";
type Check = (request: Request) => Promise<Outcome>;

const methodOrder: readonly AuthMethod[] = ["token", "session", "basic"];

/** The guards of one identity: higher-order fetch handlers that keep the handler's signature. */
export function createGuards(engine: Engine) {
	function guard<R extends Request, A extends unknown[]>(handler: Handler<R, A>, check: Check): Guarded<R, A> {
		if (typeof handler !== "function") throw new IdentityError("ERR_INVALID_ARGUMENT", "A guard needs a handler function");
		return async (request, ...rest) => {
			if (engine.options.exemptMethods.has(request.method)) return handler(request, ...rest);
			let outcome: Outcome;
			try {
				outcome = await check(request);
				const source = stateOf(request).source;
				if (outcome === "ok" && (source === "session" || source === "remember") && !(await passesCsrf(engine, request))) {
					return applyCookies(request, csrfFailedResponse(engine, request));
				}
			} catch (error) {
				if (isIdentityError(error) && error.code === "ERR_STORE") return applyCookies(request, unavailableResponse(engine, request));
				throw error;
			}
			if (outcome === "forbidden") return applyCookies(request, await unauthorizedResponse(engine, request));
			if (outcome !== "ok") return applyCookies(request, await unauthenticatedResponse(engine, request, outcome));
			return applyCookies(request, await handler(request, ...rest));
		};
	}

	const authenticated = (rule: (user: CurrentUser, request: Request) => Outcome): Check => async (request) => {
		const user = await loadCurrentUser(engine, request);
		return user.isAuthenticated ? rule(user, request) : "unauthenticated";
	};

	const isFresh = (request: Request, maxAgeSeconds: number): boolean => {
		const { source, claims } = stateOf(request);
		if (source === "basic") return true;
		return claims?.fr === 1 && claims.at !== undefined && nowSeconds() - claims.at <= maxAgeSeconds;
	};

	const checkers: Record<AuthMethod, (request: Request) => Promise<Authenticated | null>> = {
		token: (request) => checkToken(engine, request),
		session: (request) => checkCookies(engine, request),
		basic: (request) => checkBasic(engine, request)
	};

	return {
		withIdentity<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A> {
			return guard(handler, async (request) => {
				await loadCurrentUser(engine, request);
				return "ok";
			});
		},
		loginRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>): Guarded<R, A> {
			return guard(handler, authenticated(() => "ok"));
		},
		freshLoginRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, options: { maxAgeSeconds?: number } = {}): Guarded<R, A> {
			const maxAge = options.maxAgeSeconds ?? engine.options.freshness.maxAgeSeconds;
			if (!Number.isFinite(maxAge) || maxAge < 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "freshLoginRequired: maxAgeSeconds must be >= 0");
			return guard(handler, authenticated((_, request) => (isFresh(request, maxAge) ? "ok" : "reauthentication_required")));
		},
		authRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...methods: AuthMethod[]): Guarded<R, A> {
			for (const method of methods) {
				if (!methodOrder.includes(method)) throw new IdentityError("ERR_INVALID_ARGUMENT", `authRequired: unknown method "${String(method)}"`);
				if (method === "basic" && !engine.options.authMethods.includes("basic")) {
					throw new IdentityError("ERR_INVALID_ARGUMENT", 'authRequired: "basic" is off; enable it with the authMethods option');
				}
			}
			const wanted = methods.length > 0 ? methods : engine.options.authMethods;
			const order = methodOrder.filter((m) => wanted.includes(m));
			return guard(handler, async (request) => {
				for (const method of order) {
					const found = await checkers[method](request);
					if (found) {
						adopt(request, found);
						return "ok";
					}
				}
				return "unauthenticated";
			});
		},
		rolesRequired<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...requirements: RoleRequirement[]): Guarded<R, A> {
			return guard(handler, authenticated((user) => (hasRoles(user, ...requirements) ? "ok" : "forbidden")));
		},
		rolesAccepted<R extends Request, A extends unknown[]>(handler: Handler<R, A>, ...roles: string[]): Guarded<R, A> {
			if (roles.length === 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "rolesAccepted needs at least one role");
			return guard(handler, authenticated((user) => (hasRoles(user, roles) ? "ok" : "forbidden")));
		}
	};
}
