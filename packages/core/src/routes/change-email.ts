import { isIdentityError } from "../errors.js";
import { readEmail } from "../flows/email.js";
import { describeSeconds, type FlowContext } from "../flows/flow-context.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, readNext, type FieldErrors } from "./fields.js";
import { resolveFlowSubject } from "./flow-steps.js";
import { readPost } from "./post.js";
import { checkEmailResponse } from "./responses.js";

async function changeEmailPage(request: Request, ctx: RouteContext, state: { user: CurrentUser | null; token: string; email: string; next: string | null; errors: FieldErrors }, status: number, action = "change-email" as const) {
	return ctx.views.render(request, "change-email", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity(state.token ? "change-email/confirm" : action),
		next: isSafeRedirectPath(state.next) ? state.next : "",
		errors: state.errors,
		currentEmail: typeof (state.user as UserRecord | null)?.email === "string" ? String((state.user as UserRecord).email) : "",
		token: state.token,
		fields: { email: state.email }
	});
}

/** `GET change-email` (signed in): the form; API callers get `{ csrfToken }`. */
export async function showChangeEmail(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	return changeEmailPage(request, ctx, { user: await ctx.identity.getCurrentUser(request), token: "", email: "", next: readNext({}, request), errors: {} }, 200);
}

/**
 * `POST change-email` (signed in, fresh login) with `email`: sends `change-email` with a link and a
 * code to the new address, and `email-changed` to the old one; the address changes only when the
 * link's token (or the code) is posted to `change-email/confirm`. Always 202 for a valid address,
 * whether or not another account has it (that is found out at the confirmation).
 */
export async function postChangeEmail(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const user = (await ctx.identity.getCurrentUser(request)) as CurrentUser & UserRecord;
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const email = readEmail(field(post.fields, "email"));
	const next = readNext(post.fields, request);
	const errors: FieldErrors = {};
	if (!email) errors.email = ["Enter a valid email address."];
	else if (typeof user.email === "string" && user.email.toLowerCase() === email.toLowerCase()) errors.email = ["This is already your address."];
	if (Object.keys(errors).length > 0) {
		const raw = typeof field(post.fields, "email") === "string" ? String(field(post.fields, "email")).slice(0, 320) : "";
		return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : changeEmailPage(request, ctx, { user, token: "", email: raw, next, errors }, 400);
	}
	const record = (await flows.store.findUser({ id: user.id })) ?? user;
	const { token, code } = await flows.tokens.issue("change-email", record, email!);
	const account = String(record[ctx.settings.identityField] ?? "");
	flows.mail(request, "change-email", email!, { link: flows.link(request, "change-email/confirm", token), code, validFor: describeSeconds(flows.settings.changeEmail.maxAgeSeconds), account });
	if (typeof record.email === "string" && record.email) flows.mail(request, "email-changed", record.email, { account, newEmail: email! });
	return checkEmailResponse(request, ctx);
}

/** `GET change-email/confirm?token=…`: a page whose button posts the token (a GET changes nothing). */
export async function showChangeEmailConfirm(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	const token = new URL(request.url).searchParams.get("token") ?? "";
	return changeEmailPage(request, ctx, { user: null, token: token.length <= 4096 ? token : "", email: "", next: readNext({}, request), errors: {} }, 200);
}

/**
 * `POST change-email/confirm` with the link's `token`, or, signed in, the new `email` and the
 * emailed `code`: sets the new address (confirmed: its owner just proved it). An address another
 * account took meanwhile, a wrong, used or expired token or code: 400 `invalid_token`.
 */
export async function postChangeEmailConfirm(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const next = readNext(post.fields, request);
	const current = await ctx.identity.getCurrentUser(request);
	const subject = await resolveFlowSubject(flows, "change-email", post.fields, async (newEmail) => {
		if (!current.isAuthenticated) return null;
		const user = await flows.store.findUser({ id: (current as UserRecord).id });
		return user ? { user, newEmail } : null;
	});
	const invalid = () => (api ? ctx.failure(request, "invalid_token") : changeEmailPage(request, ctx, { user: current.isAuthenticated ? current : null, token: "", email: "", next, errors: { form: ["This link or code is invalid, used or expired. Ask for a new one."] } }, 400));
	if (!subject?.newEmail) return invalid();
	const previousEmail = typeof subject.user.email === "string" ? subject.user.email : null;
	try {
		await flows.store.setEmail(subject.user, subject.newEmail);
	} catch (error) {
		if (isIdentityError(error) && error.code === "ERR_USER_EXISTS") return invalid();
		throw error;
	}
	await flows.store.confirmUser(subject.user);
	ctx.emit("emailChanged", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView({ ...subject.user, email: subject.newEmail }), previousEmail });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postLogin));
	return jsonResponse({ status: "email_changed", email: subject.newEmail });
}
