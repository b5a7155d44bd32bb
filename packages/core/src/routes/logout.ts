import { safeRedirectPath } from "../redirect.js";
import { readBody } from "./body.js";
import { checkRouteCsrf, csrfMessage } from "./csrf-check.js";
import type { RouteDeps } from "./deps.js";
import { optionalString } from "./fields.js";
import { failure, jsonResponse, seeOther, wantsJson } from "./http.js";

/**
 * `POST logout`: refuses cross-site requests (and cookie requests without a valid token when
 * neither `Origin` nor `Sec-Fetch-Site` is sent), then clears the cookies and, in single-session
 * mode, revokes the user's other credentials. JSON 200 `{}`, or a 303 to a validated `next` or
 * the post-logout view. Logging out while signed out succeeds too.
 */
export async function handleLogout(request: Request, deps: RouteDeps): Promise<Response> {
	if (deps.checkOrigin(request) === "cross") return failure(request, 403, "csrf_failed", csrfMessage("cross_origin"));
	const body = await readBody(request);
	const fields = body.ok ? body.fields : {};
	const errors = {};
	const token = optionalString(fields, "csrf_token", errors);
	const next = optionalString(fields, "next", errors) ?? new URL(request.url).searchParams.get("next");
	const refusal = await checkRouteCsrf(request, deps, token);
	if (refusal) return failure(request, 403, "csrf_failed", csrfMessage(refusal));

	// logoutUser emits `loggedOut` when a user was signed in.
	await deps.logoutUser(request);
	const response = wantsJson(request) ? jsonResponse({}) : seeOther(safeRedirectPath(next, deps.options.postLogout));
	return deps.applyCookies(request, response);
}
