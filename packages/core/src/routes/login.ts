import { toRequestView } from "../http/request-view.js";
import { isApiCaller } from "../http/negotiate.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, fieldLabel, readNext, validateLoginFields, type FieldErrors } from "./fields.js";
import { passkeyBlock } from "./passkey-script.js";
import { readPost } from "./post.js";

/** What the login page shows again: the values to refill (never the password) and the errors. */
interface LoginPageState {
	identity: string;
	remember: boolean;
	next: string | null;
	errors: FieldErrors;
}

/** The login form with `status` (through `templateRender` when one is registered). */
async function loginPage(request: Request, ctx: RouteContext, state: LoginPageState, status: number): Promise<Response> {
	const next = isSafeRedirectPath(state.next) ? state.next : "";
	const csrfToken = await ctx.identity.getCsrfToken(request);
	const passkeyScript = ctx.factors.passkeys
		? passkeyBlock({
				mode: "login",
				options: ctx.identity.urlForIdentity("passkeys/login/options"),
				submit: ctx.identity.urlForIdentity("passkeys/login"),
				csrfToken,
				next: safeRedirectPath(next || null, ctx.settings.postLogin),
				label: "Sign in with a passkey"
			}).value
		: "";
	return ctx.views.render(request, "login", {
		status,
		passkeyScript,
		csrfToken,
		action: ctx.identity.urlForIdentity("login"),
		next,
		errors: state.errors,
		fields: { identity: state.identity, identityField: ctx.settings.identityField, remember: state.remember, next },
		links: {
			register: ctx.flows?.settings.register.enabled ? ctx.identity.urlForIdentity("register", next ? { next } : {}) : null,
			recover: ctx.flows?.settings.recover.enabled ? ctx.identity.urlForIdentity("recover") : null
		}
	});
}

/**
 * The page a signed-in browser gets at `GET login`: who is signed in, a link on to `next` (or the
 * post-login view) and a sign-out button. Never a redirect: bouncing to `next` would loop when
 * `next` is a page this user may not see.
 */
async function signedInPage(request: Request, ctx: RouteContext, user: CurrentUser, next: string | null): Promise<Response> {
	const name = String((user as UserRecord)[ctx.settings.identityField] ?? "");
	const target = safeRedirectPath(next, ctx.settings.postLogin);
	return ctx.views.render(request, "message", {
		status: 200,
		title: "You are signed in",
		message: `You are signed in as ${name}. To use another account, sign out first.`,
		links: [{ href: target, label: "Continue" }],
		form: { action: ctx.identity.urlForIdentity("logout"), label: "Sign out", csrfToken: await ctx.identity.getCsrfToken(request) },
		requestedPath: null
	});
}

/**
 * `GET login`: API callers get `{ csrfToken }` (never a credential: a GET is not CSRF-protected);
 * browsers get the form, or, when already signed in, the signed-in page.
 */
export async function showLogin(request: Request, ctx: RouteContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	const next = readNext({}, request);
	const user = await ctx.identity.getCurrentUser(request);
	if (user.isAuthenticated) return signedInPage(request, ctx, user, next);
	return loginPage(request, ctx, { identity: "", remember: false, next, errors: {} }, 200);
}

/**
 * `POST login`, cheapest checks first: cross-site refusal, body (415/413/400), CSRF token,
 * already signed in (400 JSON, 303 form), fields (400 naming them), then the password login
 * (429 rate limited, 401 for unknown user and wrong password alike, 403 for an inactive account
 * with the right password), then the login: JSON 200 `{ user, authenticationToken }` or a 303 to
 * `next`.
 */
export async function postLogin(request: Request, ctx: RouteContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const { identityField, postLogin: fallback } = ctx.settings;
	const post = await readPost(request, ctx);
	const next = readNext(post.fields, request);
	const refill = (errors: FieldErrors, status: number, identity = "", remember = false) =>
		loginPage(request, ctx, { identity, remember, next, errors }, status);

	if (!post.ok) {
		if (api || post.reason !== "csrf_token_invalid") return ctx.failure(request, post.reason);
		const identity = field(post.fields, identityField);
		return refill({ form: ["The form has expired or is invalid. Reload the page and try again."] }, 403, typeof identity === "string" ? identity : "");
	}
	if ((await ctx.identity.getCurrentUser(request)).isAuthenticated) {
		return api ? ctx.failure(request, "already_authenticated") : seeOther(safeRedirectPath(next, fallback));
	}
	const checked = validateLoginFields(post.fields, identityField);
	if (!checked.ok) {
		ctx.emit("loginFailed", { request: toRequestView(request, ctx.clientAddress(request)), identity: checked.identity || null, reason: "invalid_input" });
		if (api) return ctx.failure(request, "invalid_request", { body: { errors: checked.errors } });
		return refill(checked.errors, 400, checked.identity, checked.remember);
	}

	const { identity, password, remember } = checked.values;
	const result = await ctx.passwordLogin(request, identity, password, { rememberDevice: true });
	if (!result.ok) {
		if (result.reason === "rate_limited") {
			const headers = { "retry-after": String(result.retryAfterSeconds) };
			if (api) return ctx.failure(request, "too_many_attempts", { headers, body: { retryAfterSeconds: result.retryAfterSeconds } });
			const page = await refill({ form: ["Too many failed sign-in attempts. Try again later."] }, 429, identity, remember);
			page.headers.set("retry-after", headers["retry-after"]);
			return page;
		}
		if (result.reason === "inactive") {
			return api ? ctx.failure(request, "account_disabled") : refill({ form: ["This account is disabled."] }, 403, identity, remember);
		}
		const message = `Invalid ${fieldLabel(identityField).toLowerCase()} or password.`;
		return api ? ctx.failure(request, "invalid_credentials", { message }) : refill({ form: [message] }, 401, identity, remember);
	}

	if (ctx.flows?.settings.confirm.enabled && !result.user.confirmedAt) {
		return api ? ctx.failure(request, "unconfirmed") : refill({ form: ["Confirm your email address first: we sent you a link. Use the code from the mail, or ask for a new one."] }, 403, identity, remember);
	}
	const twoFactor = ctx.factors.twoFactor;
	if (twoFactor && (await twoFactor.isEnabled(result.user))) {
		// The right password, but no session yet: a pending credential for the code step.
		const pendingToken = await twoFactor.issuePending(result.user, remember);
		ctx.pendingCookie.set(request, pendingToken);
		if (api) return jsonResponse({ status: "two_factor_required", pendingToken });
		return seeOther(ctx.identity.urlForIdentity("two-factor", isSafeRedirectPath(next) ? { next } : {}));
	}
	if (!(await ctx.identity.loginUser(request, result.user, { remember }))) {
		return api ? ctx.failure(request, "account_disabled") : refill({ form: ["This account is disabled."] }, 403, identity, remember);
	}
	const user = (await ctx.identity.getCurrentUser(request)) as UserRecord & CurrentUser;
	ctx.emit("loginSucceeded", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user), remember, method: "password" });
	if (!api) return seeOther(safeRedirectPath(next, fallback));
	// Fresh: the user just entered the password, so `freshLoginRequired` accepts this token.
	const authenticationToken = await ctx.identity.getAuthToken(user, { fresh: true });
	return jsonResponse({ user: await ctx.payloadOf(user), authenticationToken });
}
