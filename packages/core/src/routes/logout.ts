import { isApiCaller } from "../http/negotiate.js";
import { safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import type { RouteContext } from "./context.js";
import { readNext } from "./fields.js";
import { readPost } from "./post.js";

/**
 * `POST logout`: passes the POST checks (cross-site refusal, CSRF token for cookie requests
 * without Origin), clears the cookies and, in single-session mode, revokes the user's other
 * credentials. JSON 200 `{}`, or a 303 to a validated `next` or the post-logout view. Signing out
 * while signed out succeeds the same way.
 */
export async function postLogout(request: Request, ctx: RouteContext): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok && post.reason !== "invalid_body" && post.reason !== "unsupported_media_type") return ctx.failure(request, post.reason);
	await ctx.identity.logoutUser(request);
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({});
	return seeOther(safeRedirectPath(readNext(post.fields, request), ctx.settings.postLogout));
}
