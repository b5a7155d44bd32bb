import { toRequestView } from "../http/request-view.js";
import { isApiCaller } from "../http/negotiate.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, redirectResponse, seeOther } from "../http/responses.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { readNext, requiredPassword, type FieldErrors } from "./fields.js";
import { passkeyBlock } from "./passkey-script.js";
import { readPost } from "./post.js";

function identityOf(user: CurrentUser, ctx: RouteContext): string {
	return String((user as UserRecord)[ctx.settings.identityField] ?? "");
}

async function verifyPage(request: Request, ctx: RouteContext, user: CurrentUser, next: string | null, errors: FieldErrors, status: number): Promise<Response> {
	const csrfToken = await ctx.identity.getCsrfToken(request);
	const passkeyScript = ctx.factors.passkeys
		? passkeyBlock({
				mode: "verify",
				options: ctx.identity.urlForIdentity("passkeys/login/options"),
				submit: ctx.identity.urlForIdentity("verify"),
				csrfToken,
				next: safeRedirectPath(next, ctx.settings.postLogin),
				label: "Use a passkey instead"
			}).value
		: "";
	return ctx.views.render(request, "verify", {
		status,
		passkeyScript,
		csrfToken,
		action: ctx.identity.urlForIdentity("verify"),
		next: isSafeRedirectPath(next) ? next : "",
		errors,
		identity: identityOf(user, ctx),
		identityField: ctx.settings.identityField
	});
}

/** An anonymous caller of `verify`: 401 for API callers, else to the login form, keeping `next`. */
function toLogin(request: Request, ctx: RouteContext, next: string | null, post: boolean): Promise<Response> | Response {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return ctx.failure(request, "unauthenticated");
	const target = ctx.identity.urlForIdentity("login", isSafeRedirectPath(next) ? { next } : {});
	return post ? seeOther(target) : redirectResponse(request, target);
}

/**
 * `GET verify`: the re-authentication form for the signed-in user (API callers: 200
 * `{ csrfToken }`); anonymous callers go to the login form (401 for API callers).
 */
export async function showVerify(request: Request, ctx: RouteContext): Promise<Response> {
	const next = readNext({}, request);
	const user = await ctx.identity.getCurrentUser(request);
	if (!user.isAuthenticated) return toLogin(request, ctx, next, false);
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	return verifyPage(request, ctx, user, next, {}, 200);
}

/**
 * `POST verify` with `password` (and `next`): checks the password of the signed-in user, through
 * the login's sequence and rate limits, and makes the session fresh: a 303 to `next`, or 200 JSON
 * `{ user, authenticationToken }` (a fresh token). Wrong password 401; anonymous 401 or the login form.
 */
export async function postVerify(request: Request, ctx: RouteContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	const next = readNext(post.fields, request);
	const user = await ctx.identity.getCurrentUser(request);
	if (!post.ok) {
		if (api || post.reason !== "csrf_token_invalid" || !user.isAuthenticated) return ctx.failure(request, post.reason);
		return verifyPage(request, ctx, user, next, { form: ["The form has expired or is invalid. Reload the page and try again."] }, 403);
	}
	if (!user.isAuthenticated) return toLogin(request, ctx, next, true);
	const passkey = post.fields.passkey;
	if (passkey !== undefined && ctx.factors.passkeys) {
		// Re-authentication with a passkey: the challenge must have been issued to this user, and the passkey must be theirs.
		const found = await ctx.factors.passkeys.authenticate(passkey, (user as UserRecord).id);
		if (!found || found.user.id !== (user as UserRecord).id) return api ? ctx.failure(request, "invalid_passkey") : verifyPage(request, ctx, user, next, { form: ["That passkey could not be verified."] }, 400);
		return reauthenticated(request, ctx, found.user, next, api);
	}
	const errors: FieldErrors = {};
	const password = requiredPassword(post.fields, "password", errors);
	if (!password) return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : verifyPage(request, ctx, user, next, errors, 400);

	const result = await ctx.passwordLogin(request, identityOf(user, ctx), password, { rememberDevice: true });
	if (!result.ok) {
		if (result.reason === "rate_limited") {
			const headers = { "retry-after": String(result.retryAfterSeconds) };
			if (api) return ctx.failure(request, "too_many_attempts", { headers, body: { retryAfterSeconds: result.retryAfterSeconds } });
			const page = await verifyPage(request, ctx, user, next, { form: ["Too many failed attempts. Try again later."] }, 429);
			page.headers.set("retry-after", headers["retry-after"]);
			return page;
		}
		const message = "The password is not correct.";
		return api ? ctx.failure(request, "invalid_credentials", { message }) : verifyPage(request, ctx, user, next, { password: [message] }, 401);
	}
	if (result.user.id !== (user as UserRecord).id) return ctx.failure(request, "invalid_credentials");
	return reauthenticated(request, ctx, result.user, next, api);
}

/** The session is fresh again: a new session cookie (same session id), a fresh token for API callers. */
async function reauthenticated(request: Request, ctx: RouteContext, record: UserRecord, next: string | null, api: boolean): Promise<Response> {
	const source = ctx.sourceOf(request);
	if (source === "session" || source === "remember") await ctx.refreshLogin(request, record);
	ctx.emit("reauthenticated", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(record) });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postLogin));
	const authenticationToken = await ctx.identity.getAuthToken(record, { fresh: true });
	return jsonResponse({ user: await ctx.payloadOf(record), authenticationToken });
}
