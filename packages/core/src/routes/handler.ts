import { isIdentityError } from "../errors.js";
import type { RouteDeps } from "./deps.js";
import { failure } from "./http.js";
import { loginPageOrToken } from "./login-view.js";
import { handleLogin } from "./login.js";
import { handleLogout } from "./logout.js";

// SPEC: `GET logout` is a 405 with `Allow: POST`.
const allowed = { login: "GET, HEAD, POST", logout: "POST" } as const;

/**
 * The endpoint a path names: duplicate and trailing slashes are folded first, so `//login` and
 * `login/` cannot slip past the rate limiter as different routes. Null outside `basePath`.
 */
function endpointOf(pathname: string, basePath: string): "login" | "logout" | "other" | null {
	const path = pathname.replace(/\/{2,}/g, "/");
	if (path !== basePath && !path.startsWith(`${basePath}/`)) return null;
	const rest = path.slice(basePath.length).replace(/^\/|\/$/g, "");
	return rest === "login" || rest === "logout" ? rest : "other";
}

/**
 * The default routes' fetch handler: `GET`/`HEAD`/`POST login` and `POST logout` under
 * `options.basePath`. Other paths get 404 (JSON or HTML), other methods 405 with `Allow`,
 * `OPTIONS` 204 with `Allow`. `GET logout` is a 405: it never changes state.
 */
export function createRoutes(deps: RouteDeps): (request: Request) => Promise<Response> {
	const limiter = deps.limiter;
	// Cookie changes queued while handling (login, logout, a stale cookie cleared) reach every response.
	return async (request) => {
		try {
			return deps.applyCookies(request, await route(request));
		} catch (error) {
			// A failing store is a 503 (as in the guards), never a 500 with the driver's message.
			if (isIdentityError(error) && error.code === "ERR_STORE") {
				return failure(request, 503, "unavailable", "The service is temporarily unavailable.", { "Retry-After": "5" });
			}
			throw error;
		}
	};

	async function route(request: Request): Promise<Response> {
		const endpoint = endpointOf(new URL(request.url).pathname, deps.options.basePath);
		if (endpoint === null || endpoint === "other") return failure(request, 404, "not_found", "Not found.");
		const method = request.method.toUpperCase();
		if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: `${allowed[endpoint]}, OPTIONS` } });
		if (endpoint === "login" && method === "POST") return handleLogin(request, deps, limiter);
		if (endpoint === "login" && (method === "GET" || method === "HEAD")) {
			const response = await loginPageOrToken(request, deps);
			return method === "HEAD" ? new Response(null, response) : response;
		}
		if (endpoint === "logout" && method === "POST") return handleLogout(request, deps);
		return failure(request, 405, "method_not_allowed", "Method not allowed.", { Allow: allowed[endpoint] });
	}
}
