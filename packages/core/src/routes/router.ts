import { isIdentityError } from "../errors.js";
import { withoutBody } from "../http/responses.js";
import { applyCookies } from "../session/state.js";
import type { RouteContext } from "./context.js";
import { postLogin, showLogin } from "./login.js";
import { postLogout } from "./logout.js";
import type { IdentityEndpoint } from "./url.js";
import { postVerify, showVerify } from "./verify.js";
import type { FlowContext } from "../flows/flow-context.js";
import { postChangeEmail, postChangeEmailConfirm, showChangeEmail, showChangeEmailConfirm } from "./change-email.js";
import { postChangePassword, showChangePassword } from "./change-password.js";
import { postConfirm, postResend, showConfirm } from "./confirm.js";
import { postRecover, postReset, showRecover, showReset } from "./recover.js";
import { postRegister, showRegister } from "./register.js";

type RouteHandler = (request: Request) => Promise<Response>;
type Endpoints = Partial<Record<IdentityEndpoint, Partial<Record<"GET" | "POST", RouteHandler>>>>;

/**
 * Every route that is on, by endpoint and method. `HEAD` is served by `GET` without the body. The
 * account flows' routes exist only when their flow is on; the signed-in ones are wrapped in the
 * identity's own guards (a stale session is sent to `verify` first).
 */
function endpointsOf(ctx: RouteContext): Endpoints {
	const on = (handler: (request: Request, ctx: RouteContext) => Promise<Response>): RouteHandler => (request) => handler(request, ctx);
	const endpoints: Endpoints = {
		login: { GET: on(showLogin), POST: on(postLogin) },
		logout: { POST: on(postLogout) },
		verify: { GET: on(showVerify), POST: on(postVerify) }
	};
	const flows = ctx.flows;
	if (!flows) return endpoints;
	const withFlows = (handler: (request: Request, ctx: RouteContext, flows: FlowContext) => Promise<Response>): RouteHandler => (request) => handler(request, ctx, flows);
	const { loginRequired, freshLoginRequired } = ctx.identity;
	if (flows.settings.register.enabled) endpoints.register = { GET: withFlows(showRegister), POST: withFlows(postRegister) };
	if (flows.settings.confirm.enabled) {
		endpoints.confirm = { GET: on(showConfirm), POST: withFlows(postConfirm) };
		endpoints["confirm/resend"] = { POST: withFlows(postResend) };
	}
	if (flows.settings.recover.enabled) {
		endpoints.recover = { GET: on(showRecover), POST: withFlows(postRecover) };
		endpoints.reset = { GET: withFlows(showReset), POST: withFlows(postReset) };
	}
	if (flows.settings.changePassword.enabled) {
		endpoints["change-password"] = { GET: loginRequired(withFlows(showChangePassword)), POST: freshLoginRequired(withFlows(postChangePassword)) };
	}
	if (flows.settings.changeEmail.enabled) {
		endpoints["change-email"] = { GET: loginRequired(on(showChangeEmail)), POST: freshLoginRequired(withFlows(postChangeEmail)) };
		endpoints["change-email/confirm"] = { GET: on(showChangeEmailConfirm), POST: withFlows(postChangeEmailConfirm) };
	}
	return endpoints;
}

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
			if (isIdentityError(error) && error.code === "ERR_STORE") return applyCookies(request, await ctx.failure(request, "unavailable"));
			throw error;
		}
	};
}
