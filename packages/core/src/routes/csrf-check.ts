import type { RouteDeps } from "./deps.js";

/** Why an unsafe request to the routes was refused, or null when it may proceed. */
export type CsrfRefusal = "cross_origin" | "missing_token" | "invalid_token" | null;

/**
 * The SPEC's CSRF rule for the identity routes, after the body is read: a cross-site request
 * (`Sec-Fetch-Site`, then `Origin`) is refused; with neither header, a request that carries our
 * cookies needs a valid token (`X-CSRF-Token` header or `csrf_token` field). A request with no
 * cookies of ours (a curl JSON login, a bearer-token client) needs none.
 */
export async function checkRouteCsrf(request: Request, deps: RouteDeps, bodyToken: string | null): Promise<CsrfRefusal> {
	const origin = deps.checkOrigin(request);
	if (origin === "cross") return "cross_origin";
	if (origin === "same") return null;
	if (!deps.hasIdentityCookies(request)) return null;
	const token = request.headers.get("x-csrf-token") ?? bodyToken;
	if (!token) return "missing_token";
	return (await deps.verifyCsrfToken(request, token)) ? null : "invalid_token";
}

/** The user-facing message of a refusal. */
export function csrfMessage(refusal: Exclude<CsrfRefusal, null>): string {
	return refusal === "cross_origin"
		? "Cross-site request refused."
		: "The form has expired or is invalid. Reload the page and try again.";
}
