import { safeRedirectPath } from "../redirect.js";
import type { RateLimiter } from "../rate-limit.js";
import { toAuthenticatedUser } from "../user.js";
import { readBody } from "./body.js";
import { checkRouteCsrf, csrfMessage } from "./csrf-check.js";
import type { RouteDeps } from "./deps.js";
import { fieldLabel, optionalString, parseRemember, validateLoginFields, type FieldErrors } from "./fields.js";
import { failure, jsonResponse, seeOther, wantsJson } from "./http.js";
import { respondWithLoginPage } from "./login-view.js";

/** Messages shown to people; the JSON `error` codes are stable, these may change. */
const text = {
	invalid: (label: string) => `Invalid ${label.toLowerCase()} or password.`,
	disabled: "This account is disabled.",
	limited: "Too many failed sign-in attempts. Try again later.",
	fields: "Some fields are missing or invalid."
};

/**
 * `POST login`. Order: cross-site refusal, body, fields (400), CSRF token, already signed in,
 * rate limit (429), credentials (401 for unknown user and wrong password alike, 403 for an
 * inactive account with the right password), then login: JSON 200 or a 303 to `next`.
 */
export async function handleLogin(request: Request, deps: RouteDeps, limiter: RateLimiter | null): Promise<Response> {
	const json = wantsJson(request);
	const { identityField, postLogin } = deps.options;
	if (deps.checkOrigin(request) === "cross") return failure(request, 403, "csrf_failed", csrfMessage("cross_origin"));

	const body = await readBody(request);
	if (!body.ok) {
		const messages = { invalid_body: "The request body could not be read.", body_too_large: "The request body is too large.", unsupported_media_type: "Send JSON or a form." };
		return failure(request, body.status, body.error, messages[body.error]);
	}
	const checked = validateLoginFields(body.fields, identityField);
	const rawNext = checked.ok ? checked.values.next : optionalString(body.fields, "next", {});
	const bodyToken = checked.ok ? checked.values.csrfToken : optionalString(body.fields, "csrf_token", {});

	const refusal = await checkRouteCsrf(request, deps, bodyToken);
	if (refusal) {
		if (json || refusal === "cross_origin") return failure(request, 403, "csrf_failed", csrfMessage(refusal));
		const identity = checked.ok ? checked.values.identity : checked.identity;
		return page(request, deps, identity, false, rawNext, { form: [csrfMessage(refusal)] }, 403);
	}

	const current = await deps.getCurrentUser(request);
	if (current.isAuthenticated) {
		if (json) return jsonResponse({ error: "already_authenticated", message: "You are already signed in." }, 400);
		return deps.applyCookies(request, seeOther(safeRedirectPath(rawNext, postLogin)));
	}

	if (!checked.ok) {
		const identity = checked.identity;
		deps.emit("loginFailed", { request, identity: identity || null, reason: "invalid_input" });
		if (json) return jsonResponse({ error: "invalid_request", message: text.fields, errors: checked.errors }, 400);
		const remember = parseRemember(body.fields.remember) ?? false;
		return page(request, deps, identity, remember, rawNext, checked.errors, 400);
	}

	const { identity, password, remember } = checked.values;
	const subject = { identity, address: deps.clientAddress(request) };
	const hit = limiter ? await limiter.begin(subject) : null;
	if (hit) {
		deps.emit("loginFailed", { request, identity, reason: "rate_limited" });
		const headers = { "Retry-After": String(hit.retryAfterSeconds) };
		if (json) return jsonResponse({ error: "too_many_attempts", message: text.limited, retryAfterSeconds: hit.retryAfterSeconds }, 429, headers);
		const response = await page(request, deps, identity, remember, rawNext, { form: [text.limited] }, 429);
		response.headers.set("Retry-After", headers["Retry-After"]);
		return response;
	}

	const result = await deps.authenticate(identity, password);
	if (!result.ok) {
		const reason = result.reason;
		deps.emit("loginFailed", { request, identity, reason });
		if (reason === "inactive") {
			if (json) return jsonResponse({ error: "account_disabled", message: text.disabled }, 403);
			return page(request, deps, identity, remember, rawNext, { form: [text.disabled] }, 403);
		}
		if (reason === "invalid_input") {
			if (json) return jsonResponse({ error: "invalid_request", message: text.fields, errors: { password: [text.fields] } }, 400);
			return page(request, deps, identity, remember, rawNext, { form: [text.fields] }, 400);
		}
		const lockout = limiter ? await limiter.fail(subject) : null;
		if (lockout) deps.emit("lockedOut", { request, key: lockout.key, retryAfterSeconds: lockout.retryAfterSeconds });
		const message = text.invalid(fieldLabel(identityField));
		if (json) return jsonResponse({ error: "invalid_credentials", message }, 401);
		return page(request, deps, identity, remember, rawNext, { form: [message] }, 401);
	}

	const loggedIn = await deps.loginUser(request, result.user, { remember });
	if (!loggedIn) {
		if (json) return jsonResponse({ error: "account_disabled", message: text.disabled }, 403);
		return page(request, deps, identity, remember, rawNext, { form: [text.disabled] }, 403);
	}
	if (limiter) await limiter.succeed(subject);
	// Hooks see the password hash and uniquifier only as non-enumerable fields (never serialised).
	deps.emit("loginSucceeded", { request, user: toAuthenticatedUser(result.user), remember });
	if (!json) return deps.applyCookies(request, seeOther(safeRedirectPath(rawNext, postLogin)));
	// loginUser may have rotated the uniquifier: the token must carry the current one.
	const user = (await deps.store.findUser({ id: result.user.id })) ?? result.user;
	const authenticationToken = await deps.getAuthToken(user);
	return deps.applyCookies(request, jsonResponse({ user: deps.getSecurityPayload(user), authenticationToken }));
}

function page(
	request: Request,
	deps: RouteDeps,
	identity: string,
	remember: boolean,
	next: unknown,
	errors: FieldErrors,
	status: number
): Promise<Response> {
	return respondWithLoginPage(request, deps, { identity, remember, next, errors }, status);
}
