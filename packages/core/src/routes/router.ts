import { isIdentityError } from "../errors.js";
import { withoutBody } from "../http/responses.js";
import { applyCookies } from "../session/state.js";
import type { RouteContext } from "./context.js";
import { postLogin, showLogin } from "./login.js";
import { postLogout } from "./logout.js";
import type { IdentityEndpoint } from "./url.js";
import { postVerify, showVerify } from "./verify.js";

type RouteHandler = (request: Request, ctx: RouteContext) => Promise<Response>;

/** Every route, by endpoint and method. `HEAD` is served by `GET` without the body. */
const endpoints: Record<IdentityEndpoint, Partial<Record<"GET" | "POST", RouteHandler>>> = {
	login: { GET: showLogin, POST: postLogin },
	logout: { POST: postLogout },
	verify: { GET: showVerify, POST: postVerify }
};

function allowOf(endpoint: IdentityEndpoint): string {
	const methods = Object.keys(endpoints[endpoint]);
	return (methods.includes("GET") ? ["GET", "HEAD", ...methods.filter((m) => m !== "GET")] : methods).join(", ");
}

/**
 * The endpoint a path names: duplicate and trailing slashes are folded first, so `//login` and
 * `login/` cannot slip past the rate limiter as different routes. Null outside `basePath`.
 */
function endpointOf(pathname: string, basePath: string): IdentityEndpoint | "unknown" | null {
	const path = pathname.replace(/\/{2,}/g, "/");
	if (path !== basePath && !path.startsWith(`${basePath}/`)) return null;
	const rest = path.slice(basePath.length).replace(/^\/|\/$/g, "");
	return Object.hasOwn(endpoints, rest) ? (rest as IdentityEndpoint) : "unknown";
}

/**
 * The default routes as one fetch handler. Unknown paths are 404, other methods 405 with `Allow`,
 * `OPTIONS` 204 with `Allow`; `GET logout` is a 405 (it never changes state). Cookie changes made
 * while handling (a login, a logout, a stale cookie cleared) reach every response; a failing
 * store is a 503, never a 500.
 */
export function createRoutes(ctx: RouteContext): (request: Request) => Promise<Response> {
	async function route(request: Request): Promise<Response> {
		const endpoint = endpointOf(new URL(request.url).pathname, ctx.settings.basePath);
		if (endpoint === null || endpoint === "unknown") return ctx.failure(request, "not_found");
		const method = request.method.toUpperCase();
		if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow: `${allowOf(endpoint)}, OPTIONS` } });
		const handler = endpoints[endpoint][method === "HEAD" ? "GET" : (method as "GET" | "POST")];
		if (!handler) return ctx.failure(request, "method_not_allowed", { headers: { allow: allowOf(endpoint) } });
		const response = await handler(request, ctx);
		return method === "HEAD" ? withoutBody(response) : response;
	}

	return async function handle(request) {
		try {
			return applyCookies(request, await route(request));
		} catch (error) {
			if (isIdentityError(error) && error.code === "ERR_STORE") return applyCookies(request, await ctx.failure(request, "unavailable"));
			throw error;
		}
	};
}
