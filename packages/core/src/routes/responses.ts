import { isApiCaller } from "../http/negotiate.js";
import { jsonResponse } from "../http/responses.js";
import type { RouteContext } from "./context.js";

/** The one answer to register, resend and recover: the same status and bytes whatever the account. */
export async function checkEmailResponse(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ status: "check_email" }, 202);
	return ctx.views.render(request, "message", {
		status: 202,
		title: "Check your email",
		message: "If the address can receive mail from us, a message with a link and a code is on its way. It may take a minute.",
		links: [{ href: ctx.identity.urlForIdentity("login"), label: "Back to sign in" }],
		form: null,
		requestedPath: null
	});
}

/** A page or JSON saying a step is done, with a link on. */
export async function doneResponse(request: Request, ctx: RouteContext, json: Record<string, unknown>, page: { title: string; message: string; href: string; label: string }, status = 200): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse(json, status);
	return ctx.views.render(request, "message", { status, title: page.title, message: page.message, links: [{ href: page.href, label: page.label }], form: null, requestedPath: null });
}
