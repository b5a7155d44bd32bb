import type { LoginViewContext } from "../options.js";
import { isSafeRedirectPath, safeRedirectPath } from "../redirect.js";
import type { RouteDeps } from "./deps.js";
import type { FieldErrors } from "./fields.js";
import { htmlResponse, jsonResponse, seeOther, wantsJson } from "./http.js";
import { renderLoginPage } from "./login-page.js";

/** What the login page shows: the values to refill (never the password) and the errors. */
export interface LoginViewState {
	identity: string;
	remember: boolean;
	next: unknown;
	errors: FieldErrors;
}

/**
 * The login page with `status`: the registered `templateRender` when there is one (a string is
 * sent as HTML with `status`, a Response as is), else the default page. A fresh CSRF token is
 * issued for the form and its cookie applied.
 */
export async function respondWithLoginPage(
	request: Request,
	deps: RouteDeps,
	state: LoginViewState,
	status: number
): Promise<Response> {
	const csrfToken = await deps.issueCsrfToken(request);
	const next = isSafeRedirectPath(state.next) ? state.next : "";
	const context: LoginViewContext = {
		fields: { identity: state.identity, identityField: deps.options.identityField, remember: state.remember, next },
		errors: state.errors,
		csrfToken,
		next,
		action: `${deps.options.basePath}/login`,
		status
	};
	const render = deps.templateRender();
	let response: Response;
	if (render) {
		const output = await render("login", context);
		response = typeof output === "string" ? htmlResponse(output, status) : output;
	} else {
		response = htmlResponse(renderLoginPage(context), status);
	}
	return deps.applyCookies(request, response);
}

/**
 * `GET login`: JSON callers get `{ csrfToken }` (never a credential: GET is not CSRF-protected);
 * browsers get the page, or a 303 to `next` (validated) when already signed in.
 */
export async function loginPageOrToken(request: Request, deps: RouteDeps): Promise<Response> {
	if (wantsJson(request)) {
		const csrfToken = await deps.issueCsrfToken(request);
		return deps.applyCookies(request, jsonResponse({ csrfToken }));
	}
	const next = new URL(request.url).searchParams.get("next");
	if ((await deps.getCurrentUser(request)).isAuthenticated) {
		return deps.applyCookies(request, seeOther(safeRedirectPath(next, deps.options.postLogin)));
	}
	return respondWithLoginPage(request, deps, { identity: "", remember: false, next, errors: {} }, 200);
}
