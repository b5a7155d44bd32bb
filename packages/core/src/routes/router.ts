import { isUnavailableError } from "../errors.js";
import { withoutBody } from "../http/responses.js";
import { applyCookies } from "../session/state.js";
import type { RouteContext } from "./context.js";
import { endpointsOf, type Endpoints } from "./endpoints.js";
import type { IdentityEndpoint } from "./url.js";

function allowOf(methods: string[]): string {
	return (methods.includes("GET") ? ["GET", "HEAD", ...methods.filter((m) => m !== "GET")] : methods).join(", ");
}

/**
 * The endpoint a path names: duplicate and trailing slashes are folded first, so `//login` and
 * `login/` cannot slip past the rate limiter as different routes. Null outside `basePath`.
 */
function endpointOf(pathname: string, basePath: string, endpoints: Endpoints): IdentityEndpoint | "unknown" | null {
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
	let endpoints: Endpoints | undefined;
	async function route(request: Request): Promise<Response> {
		// Built at the first request: the guards it uses belong to the identity being created.
		endpoints ??= endpointsOf(ctx);
		const endpoint = endpointOf(new URL(request.url).pathname, ctx.settings.basePath, endpoints);
		if (endpoint === null || endpoint === "unknown") return ctx.failure(request, "not_found");
		const methods = endpoints[endpoint]!;
		const method = request.method.toUpperCase();
		if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow: `${allowOf(Object.keys(methods))}, OPTIONS` } });
		const handler = methods[method === "HEAD" ? "GET" : (method as "GET" | "POST")];
		if (!handler) return ctx.failure(request, "method_not_allowed", { headers: { allow: allowOf(Object.keys(methods)) } });
		const response = await handler(request);
		return method === "HEAD" ? withoutBody(response) : response;
	}

	return async function handle(request) {
		try {
			return applyCookies(request, await route(request));
		} catch (error) {
			if (isUnavailableError(error)) return applyCookies(request, await ctx.failure(request, "unavailable"));
			throw error;
		}
	};
}
