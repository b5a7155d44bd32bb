import { readEmail } from "../flows/email.js";
import { describeSeconds, type FlowContext } from "../flows/flow-context.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, readNext, type FieldErrors } from "./fields.js";
import { resolveFlowSubject } from "./flow-steps.js";
import { readPost } from "./post.js";
import { checkEmailResponse } from "./responses.js";

async function confirmPage(request: Request, ctx: RouteContext, state: { token: string; email: string; next: string | null; errors: FieldErrors }, status: number): Promise<Response> {
	return ctx.views.render(request, "confirm", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("confirm"),
		resendAction: ctx.identity.urlForIdentity("confirm/resend"),
		next: isSafeRedirectPath(state.next) ? state.next : "",
		errors: state.errors,
		token: state.token,
		fields: { email: state.email }
	});
}

/**
 * `GET confirm?token=…`: a page whose button POSTs the token (or, without a token, the email and
 * code form). A GET never changes anything, so a mail scanner that follows the link confirms nothing.
 * API callers get `{ csrfToken }`.
 */
export async function showConfirm(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	const url = new URL(request.url);
	const token = url.searchParams.get("token") ?? "";
	return confirmPage(request, ctx, { token: token.length <= 4096 ? token : "", email: url.searchParams.get("email") ?? "", next: readNext({}, request), errors: {} }, 200);
}

/**
 * `POST confirm` with `token`, or `email` and `code`: marks the address confirmed (200 JSON, or a
 * 303 to `postConfirm`). A wrong, used or expired token or code is 400 `invalid_token`.
 */
export async function postConfirm(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const next = readNext(post.fields, request);
	const subject = await resolveFlowSubject(flows, "confirm", post.fields);
	if (!subject || subject.user.confirmedAt) {
		if (api) return ctx.failure(request, "invalid_token");
		const email = typeof field(post.fields, "email") === "string" ? String(field(post.fields, "email")) : "";
		return confirmPage(request, ctx, { token: "", email, next, errors: { form: ["This link or code is invalid, used or expired. Send the mail again if you need a new one."] } }, 400);
	}
	await flows.store.confirmUser(subject.user);
	ctx.emit("confirmed", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(subject.user) });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postConfirm));
	return jsonResponse({ status: "confirmed" });
}

/** `POST confirm/resend` with `email`: always the same 202; an unconfirmed account with that address gets a new `confirm` mail. */
export async function postResend(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const email = readEmail(field(post.fields, "email"));
	if (!email) return ctx.failure(request, "invalid_request", { body: { errors: { email: ["Enter a valid email address."] } } });
	const user = await flows.store.findUser({ email });
	if (user && !user.confirmedAt && typeof user.email === "string") {
		const { token, code } = await flows.tokens.issue("confirm", user);
		flows.mail(request, "confirm", user.email, { link: flows.link(request, "confirm", token), code, validFor: describeSeconds(flows.settings.confirm.maxAgeSeconds), account: String(user[ctx.settings.identityField] ?? "") });
	}
	return checkEmailResponse(request, ctx);
}
