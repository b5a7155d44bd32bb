import type { FlowContext } from "../flows/flow-context.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, readNext, requiredPassword, type FieldErrors } from "./fields.js";
import { readPost } from "./post.js";

async function changePasswordPage(request: Request, ctx: RouteContext, flows: FlowContext, user: CurrentUser, next: string | null, errors: FieldErrors, status: number) {
	return ctx.views.render(request, "change-password", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("change-password"),
		next: isSafeRedirectPath(next) ? next : "",
		errors,
		identity: String((user as UserRecord)[ctx.settings.identityField] ?? ""),
		passwordMinLength: flows.passwordMinLength
	});
}

/** `GET change-password` (signed in): the form; API callers get `{ csrfToken }`. */
export async function showChangePassword(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	return changePasswordPage(request, ctx, flows, await ctx.identity.getCurrentUser(request), readNext({}, request), {}, 200);
}

/**
 * `POST change-password` (signed in, fresh login) with `password` and `newPassword`: checks the
 * current password (through the login's sequence and rate limits) and the policy, stores the new
 * hash and rotates the uniquifier, so every other session, remember cookie and token ends; this
 * request's session is re-issued. Sends `password-changed`. 200 JSON with a new token, or a 303.
 */
export async function postChangePassword(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const current = (await ctx.identity.getCurrentUser(request)) as CurrentUser & UserRecord;
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const next = readNext(post.fields, request);
	const page = (errors: FieldErrors, status: number) => changePasswordPage(request, ctx, flows, current, next, errors, status);
	const errors: FieldErrors = {};
	const password = requiredPassword(post.fields, "password", errors, "Current password");
	const newPassword = field(post.fields, "newPassword");
	const refusal = await flows.policy(newPassword, current);
	if (refusal) errors.newPassword = [refusal];
	if (Object.keys(errors).length > 0) return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : page(errors, 400);

	const checked = await ctx.passwordLogin(request, String(current[ctx.settings.identityField] ?? ""), password);
	if (!checked.ok || checked.user.id !== current.id) {
		if (!checked.ok && checked.reason === "rate_limited") {
			const headers = { "retry-after": String(checked.retryAfterSeconds) };
			return api ? ctx.failure(request, "too_many_attempts", { headers, body: { retryAfterSeconds: checked.retryAfterSeconds } }) : page({ form: ["Too many failed attempts. Try again later."] }, 429);
		}
		const wrong = { password: ["The current password is not correct."] };
		return api ? ctx.failure(request, "invalid_credentials", { message: "The current password is not correct.", body: { errors: wrong } }) : page(wrong, 401);
	}
	const user = checked.user;
	await flows.store.setPassword(user, await flows.hash(newPassword as string));
	const uniquifier = await flows.revoke(user);
	await ctx.keepSession(request, { ...user, uniquifier });
	if (typeof user.email === "string" && user.email) flows.mail(request, "password-changed", user.email, { account: String(user[ctx.settings.identityField] ?? "") });
	ctx.emit("passwordChanged", { user: toUserView(user) });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postLogin));
	const authenticationToken = await ctx.identity.getAuthToken({ ...user, uniquifier }, { fresh: true });
	return jsonResponse({ status: "password_changed", authenticationToken });
}
