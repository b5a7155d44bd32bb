import { readEmail } from "../flows/email.js";
import { describeSeconds, type FlowContext } from "../flows/flow-context.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import { isActiveRecord, toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, readNext, type FieldErrors } from "./fields.js";
import { resolveFlowSubject } from "./flow-steps.js";
import { readPost } from "./post.js";
import { checkEmailResponse } from "./responses.js";

const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 320) : "");

async function recoverPage(request: Request, ctx: RouteContext, email: string, errors: FieldErrors, status: number): Promise<Response> {
	return ctx.views.render(request, "recover", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("recover"),
		next: "",
		errors,
		fields: { email }
	});
}

async function resetPage(request: Request, ctx: RouteContext, flows: FlowContext, state: { token: string; email: string; errors: FieldErrors }, status: number): Promise<Response> {
	return ctx.views.render(request, "reset", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("reset"),
		next: "",
		errors: state.errors,
		token: state.token,
		fields: { email: state.email },
		passwordMinLength: flows.passwordMinLength
	});
}

/** `GET recover`: the "forgot password" form (API callers: `{ csrfToken }`). */
export async function showRecover(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	return recoverPage(request, ctx, "", {}, 200);
}

/** `POST recover` with `email`: always the same 202; a known, active account gets a `reset` mail. */
export async function postRecover(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const email = readEmail(field(post.fields, "email"));
	if (!email) {
		const errors = { email: ["Enter a valid email address."] };
		return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : recoverPage(request, ctx, text(field(post.fields, "email")), errors, 400);
	}
	const user = await flows.store.findUser({ email });
	if (user && isActiveRecord(user) && typeof user.email === "string") {
		const { token, code } = await flows.tokens.issue("reset", user);
		flows.mail(request, "reset", user.email, { link: flows.link(request, "reset", token), code, validFor: describeSeconds(flows.settings.recover.maxAgeSeconds), account: String(user[ctx.settings.identityField] ?? "") });
		ctx.emit("resetRequested", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user) });
	}
	return checkEmailResponse(request, ctx);
}

/** `GET reset?token=…`: the new-password form (a GET changes nothing). Without a token: the email-and-code form. */
export async function showReset(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	const url = new URL(request.url);
	const token = url.searchParams.get("token") ?? "";
	return resetPage(request, ctx, flows, { token: token.length <= 4096 ? token : "", email: url.searchParams.get("email") ?? "", errors: {} }, 200);
}

/**
 * `POST reset` with `token` (or `email` and `code`) and `password`: checks the password policy,
 * sets the password, rotates the uniquifier (every session, remember cookie and token of the user
 * ends), marks the address confirmed (the owner just proved it), clears the account's lockout, does
 * not log the user in, and sends `password-changed`. 200 JSON, or a 303 to `postReset`.
 */
export async function postReset(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const token = text(field(post.fields, "token"));
	const email = text(field(post.fields, "email"));
	const next = readNext(post.fields, request);
	const subject = await resolveFlowSubject(flows, "reset", post.fields);
	if (!subject || !isActiveRecord(subject.user)) {
		return api ? ctx.failure(request, "invalid_token") : resetPage(request, ctx, flows, { token: "", email, errors: { form: ["This link or code is invalid, used or expired. Ask for a new one."] } }, 400);
	}
	const password = field(post.fields, "password");
	const refusal = await flows.policy(password, subject.user);
	if (refusal) {
		const errors = { password: [refusal] };
		return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : resetPage(request, ctx, flows, { token, email, errors }, 400);
	}
	const user = subject.user;
	await flows.store.setPassword(user, await flows.hash(password as string));
	await flows.revoke(user);
	if (!user.confirmedAt) await flows.store.confirmUser(user);
	await flows.unlock(user);
	if (typeof user.email === "string") flows.mail(request, "password-changed", user.email, { account: String(user[ctx.settings.identityField] ?? "") });
	ctx.emit("passwordReset", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user) });
	if (!api) return seeOther(safeRedirectPath(isSafeRedirectPath(next) ? next : null, ctx.settings.postReset));
	return jsonResponse({ status: "password_reset" });
}
