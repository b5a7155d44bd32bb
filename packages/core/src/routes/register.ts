import { isIdentityError } from "../errors.js";
import { readEmail } from "../flows/email.js";
import type { FlowContext } from "../flows/flow-context.js";
import { describeSeconds } from "../flows/flow-context.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import { MAX_IDENTITY_LENGTH } from "../options/limits.js";
import type { UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, fieldLabel, readNext, requiredString, type FieldErrors } from "./fields.js";
import { readPost } from "./post.js";
import { checkEmailResponse } from "./responses.js";

interface RegisterState {
	identity: string;
	email: string;
	next: string | null;
	errors: FieldErrors;
}

async function registerPage(request: Request, ctx: RouteContext, flows: FlowContext, state: RegisterState, status: number): Promise<Response> {
	const identityField = ctx.settings.identityField;
	return ctx.views.render(request, "register", {
			status,
			csrfToken: await ctx.identity.getCsrfToken(request),
			action: ctx.identity.urlForIdentity("register"),
			next: isSafeRedirectPath(state.next) ? state.next : "",
			errors: state.errors,
			fields: { identity: state.identity, identityField, email: state.email },
			asksEmail: identityField !== "email",
		passwordMinLength: flows.passwordMinLength,
		loginUrl: ctx.identity.urlForIdentity("login")
	});
}

/** `GET register`: the form (API callers: `{ csrfToken }`). */
export async function showRegister(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) });
	return registerPage(request, ctx, flows, { identity: "", email: "", next: readNext({}, request), errors: {} }, 200);
}

/**
 * `POST register`. The fields and the password policy are checked first, before anything that
 * depends on existing accounts (a refused password is a 400, taken identity or not). Then:
 * - with `confirm` on, every well-formed request gets the same 202 after the same hashing work: a
 *   new user is created unconfirmed and gets a `confirm` mail; the owner of an existing account
 *   gets an `account-exists` mail at the address on file (never at an address supplied with
 *   someone else's identity);
 * - with `confirm` off, a new user is created and signed in (201, or 303 to `postRegister`); a taken
 *   identity or email is a 400 naming the field.
 */
export async function postRegister(request: Request, ctx: RouteContext, flows: FlowContext): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const identityField = ctx.settings.identityField;
	const post = await readPost(request, ctx);
	const next = readNext(post.fields, request);
	const raw = (name: string) => (typeof field(post.fields, name) === "string" ? String(field(post.fields, name)).slice(0, MAX_IDENTITY_LENGTH) : "");
	const refill = (errors: FieldErrors, status: number) =>
		registerPage(request, ctx, flows, { identity: raw(identityField), email: raw("email"), next, errors }, status);
	if (!post.ok) return api || post.reason !== "csrf_token_invalid" ? ctx.failure(request, post.reason) : refill({ form: ["The form has expired. Try again."] }, 403);
	if ((await ctx.identity.getCurrentUser(request)).isAuthenticated) {
		return api ? ctx.failure(request, "already_authenticated") : seeOther(safeRedirectPath(next, ctx.settings.postLogin));
	}

	const errors: FieldErrors = {};
	const identity = requiredString(post.fields, identityField, MAX_IDENTITY_LENGTH, errors, fieldLabel(identityField));
	const emailField = identityField === "email" ? identityField : "email";
	const email = readEmail(field(post.fields, emailField));
	if (!email && !errors[emailField]) errors[emailField] = ["Enter a valid email address."];
	const password = field(post.fields, "password");
	const refusal = await flows.policy(password, null);
	if (refusal) errors.password = [refusal];
	if (Object.keys(errors).length > 0) return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : refill(errors, 400);

	// The same hashing work whether or not the account exists.
	const hash = await flows.hash(password as string);
	const byIdentity = await flows.store.findUser({ [identityField]: identityField === "email" ? email! : identity });
	const byEmail = identityField === "email" ? byIdentity : await flows.store.findUser({ email: email! });
	let created: UserRecord | null = null;
	if (!byIdentity && !byEmail) {
		try {
			created = await flows.store.createUser({ [identityField]: identityField === "email" ? email! : identity, ...(identityField === "email" ? {} : { email: email! }), password: hash, confirmedAt: null });
		} catch (error) {
			if (!isIdentityError(error) || error.code !== "ERR_USER_EXISTS") throw error;
		}
	}

	if (flows.settings.confirm.enabled) {
		if (created) {
			const { token, code } = await flows.tokens.issue("confirm", created);
			flows.mail(request, "confirm", email!, { link: flows.link(request, "confirm", token), code, validFor: describeSeconds(flows.settings.confirm.maxAgeSeconds), account: identity });
			ctx.emit("registered", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(created) });
		} else {
			// Tell the owner, at the address on file; nothing goes to an address supplied with someone else's identity.
			for (const owner of new Map([byIdentity, byEmail].filter((u): u is UserRecord => u !== null).map((u) => [u.id, u])).values()) {
				if (typeof owner.email === "string" && owner.email) flows.mail(request, "account-exists", owner.email, { account: String(owner[identityField] ?? "") });
			}
		}
		return checkEmailResponse(request, ctx);
	}

	if (!created) {
		const taken: FieldErrors = byIdentity && identityField !== "email" ? { [identityField]: [`This ${fieldLabel(identityField).toLowerCase()} is taken.`] } : { [emailField]: ["This email address is already registered."] };
		return api ? ctx.failure(request, "invalid_request", { body: { errors: taken } }) : refill(taken, 400);
	}
	await ctx.identity.loginUser(request, created);
	ctx.emit("registered", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(created) });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postRegister));
	const user = await ctx.identity.getCurrentUser(request);
	return jsonResponse({ user: ctx.identity.getSecurityPayload(user), authenticationToken: await ctx.identity.getAuthToken(user, { fresh: true }) }, 201);
}
