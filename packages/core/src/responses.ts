import type { Engine } from "./engine.js";
import { escapeHtml, htmlPage } from "./internal/html.js";
import { isSafeRedirectPath } from "./redirect.js";

/** Why a request was refused. */
export type FailureReason = "unauthenticated" | "reauthentication_required" | "forbidden" | "csrf_failed" | "unavailable";

const messages: Record<FailureReason, string> = {
	unauthenticated: "Authentication required",
	reauthentication_required: "Please sign in again to continue",
	forbidden: "You do not have permission to access this resource",
	csrf_failed: "Cross-site request refused",
	unavailable: "The service is temporarily unavailable"
};

const statuses: Record<FailureReason, number> = {
	unauthenticated: 401,
	reauthentication_required: 401,
	forbidden: 403,
	csrf_failed: 403,
	unavailable: 503
};

const noStore = { "cache-control": "no-store" };

/**
 * Whether the caller is an API client rather than a browser navigation: a JSON Accept or
 * Content-Type, a token, or anything that is not a navigation asking for HTML (fetch, curl).
 */
export function wantsJson(request: Request, tokenHeader = "authentication-token"): boolean {
	const headers = request.headers;
	const contentType = headers.get("content-type")?.toLowerCase() ?? "";
	if (contentType.includes("json")) return true;
	if (headers.has("authorization") || headers.has(tokenHeader)) return true;
	const accept = headers.get("accept")?.toLowerCase() ?? "";
	if (accept.includes("text/html")) return false;
	return headers.get("sec-fetch-mode") !== "navigate";
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { "content-type": "application/json; charset=utf-8", ...noStore, ...headers }
	});
}

/** An HTML response. */
export function htmlResponse(status: number, html: string, headers: HeadersInit = {}): Response {
	return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", ...noStore, ...headers } });
}

/** A redirect with a relative Location: 302 for GET and HEAD, 303 otherwise (the browser then GETs). */
export function redirectResponse(request: Request, location: string): Response {
	const status = request.method === "GET" || request.method === "HEAD" ? 302 : 303;
	return new Response(null, { status, headers: { location, ...noStore } });
}

function withNext(target: string, request: Request): string {
	const url = new URL(request.url);
	const next = url.pathname + url.search;
	if (!isSafeRedirectPath(next)) return target;
	return `${target}${target.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}

function failure(engine: Engine, request: Request, reason: FailureReason): Response {
	const status = statuses[reason];
	const message = messages[reason];
	if (wantsJson(request, engine.options.token.header.toLowerCase())) {
		const headers: Record<string, string> = {};
		if (status === 401) {
			const presented = request.headers.has("authorization") || request.headers.has(engine.options.token.header);
			headers["www-authenticate"] = `Bearer realm="identity"${presented ? ', error="invalid_token"' : ""}`;
		}
		return jsonResponse(status, { error: reason, message }, headers);
	}
	const view =
		status === 401 ? engine.options.views.unauthenticated : reason === "forbidden" ? engine.options.views.unauthorized : null;
	if (view !== null) return redirectResponse(request, status === 401 ? withNext(view, request) : view);
	return htmlResponse(status, htmlPage(message, `<h1>${escapeHtml(message)}</h1><p><a href="/">Home</a></p>`));
}

/** Not authenticated (or not freshly enough): 401 JSON with `WWW-Authenticate`, or a redirect to login with `next`. */
export async function unauthenticatedResponse(
	engine: Engine,
	request: Request,
	reason: "unauthenticated" | "reauthentication_required" = "unauthenticated"
): Promise<Response> {
	const custom = engine.options.handlers.unauthenticated;
	return custom ? custom(request) : failure(engine, request, reason);
}

/** Authenticated but not permitted: 403, or a redirect to the unauthorized view when one is set. */
export async function unauthorizedResponse(engine: Engine, request: Request): Promise<Response> {
	const custom = engine.options.handlers.unauthorized;
	return custom ? custom(request) : failure(engine, request, "forbidden");
}

/** A cookie-authenticated unsafe request from another origin: 403. */
export function csrfFailedResponse(engine: Engine, request: Request): Response {
	return failure(engine, request, "csrf_failed");
}

/** The store failed: 503, never a 200 and never the driver's message. */
export function unavailableResponse(engine: Engine, request: Request): Response {
	return failure(engine, request, "unavailable");
}
