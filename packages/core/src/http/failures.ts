import { AUTH_REALM, UNAVAILABLE_RETRY_AFTER_SECONDS } from "../options/limits.js";
import { isApiCaller } from "./negotiate.js";
import { jsonResponse } from "./responses.js";

/** Every reason the library refuses a request, with its status and its user-facing message. */
export const failures = {
	unauthenticated: { status: 401, message: "Please sign in to continue." },
	reauthentication_required: { status: 401, message: "Please confirm your password to continue." },
	wrong_credential: { status: 401, message: "This page needs a different way of signing in (for example an API token)." },
	forbidden: { status: 403, message: "You do not have permission to see this page." },
	csrf_failed: { status: 403, message: "Cross-site request refused." },
	csrf_token_invalid: { status: 403, message: "The form has expired or is invalid. Reload the page and try again." },
	invalid_request: { status: 400, message: "Some fields are missing or invalid." },
	invalid_credentials: { status: 401, message: "Invalid credentials." },
	account_disabled: { status: 403, message: "This account is disabled." },
	already_authenticated: { status: 400, message: "You are already signed in." },
	unconfirmed: { status: 403, message: "Confirm your email address first: we sent you a link." },
	invalid_token: { status: 400, message: "This link or code is invalid, used or expired." },
	invalid_code: { status: 400, message: "That code is not right, was already used, or the sign-in expired." },
	invalid_passkey: { status: 400, message: "That passkey could not be verified." },
	too_many_attempts: { status: 429, message: "Too many failed sign-in attempts. Try again later." },
	invalid_body: { status: 400, message: "The request body could not be read." },
	body_too_large: { status: 413, message: "The request body is too large." },
	unsupported_media_type: { status: 415, message: "Send JSON or a form." },
	not_found: { status: 404, message: "Not found." },
	method_not_allowed: { status: 405, message: "Method not allowed." },
	unavailable: { status: 503, message: "The service is temporarily unavailable. Try again in a moment." }
} as const satisfies Record<string, { status: number; message: string }>;

/** A reason the library refuses a request. */
export type FailureReason = keyof typeof failures;

/** What a failure may add to the table's defaults. */
export interface FailureDetails {
	/** Replaces the table's message. */
	message?: string;
	/** Extra JSON fields (e.g. `errors`, `retryAfterSeconds`). */
	body?: Record<string, unknown>;
	headers?: Record<string, string>;
	/** The 401 also offers HTTP Basic (`WWW-Authenticate: Basic`). */
	basic?: boolean;
}

/** Renders the HTML page of a failure (the `message` view). */
export type RenderFailurePage = (request: Request, page: { status: number; title: string; message: string }) => Promise<Response>;

/** The JSON `error` code of a reason: `wrong_credential` and CSRF variants keep their public codes. */
function errorCode(reason: FailureReason): string {
	if (reason === "wrong_credential") return "unauthenticated";
	if (reason === "csrf_token_invalid") return "csrf_failed";
	return reason;
}

const titles: Partial<Record<number, string>> = {
	400: "Bad request",
	401: "Sign-in required",
	403: "Access denied",
	404: "Not found",
	405: "Method not allowed",
	413: "Request too large",
	415: "Unsupported request",
	429: "Too many attempts",
	503: "Service unavailable"
};

/**
 * The one place that turns a refusal into a response: JSON `{ error, message, ... }` for API
 * callers, else an HTML page (the `message` view), with the table's status. Every 401 carries a
 * `WWW-Authenticate` challenge (RFC 9110), every 503 a `Retry-After`.
 */
export function createFailureResponder(settings: { tokenHeader: string; renderPage: RenderFailurePage }) {
	return async function failureResponse(request: Request, reason: FailureReason, details: FailureDetails = {}): Promise<Response> {
		const { status } = failures[reason];
		const message = details.message ?? failures[reason].message;
		const headers: Record<string, string> = { ...details.headers };
		if (status === 401) {
			const presented = request.headers.has(settings.tokenHeader) || /^\s*bearer\s/i.test(request.headers.get("authorization") ?? "");
			const challenges = [`Bearer realm="${AUTH_REALM}"${presented ? ', error="invalid_token"' : ""}`];
			if (details.basic) challenges.push(`Basic realm="${AUTH_REALM}", charset="UTF-8"`);
			headers["www-authenticate"] = challenges.join(", ");
		}
		if (status === 503) headers["retry-after"] ??= String(UNAVAILABLE_RETRY_AFTER_SECONDS);
		if (isApiCaller(request, settings.tokenHeader)) {
			return jsonResponse({ error: errorCode(reason), message, ...details.body }, status, headers);
		}
		const page = await settings.renderPage(request, { status, title: titles[status] ?? "Error", message });
		for (const [name, value] of Object.entries(headers)) page.headers.set(name, value);
		return page;
	};
}

/** The function `createFailureResponder` returns. */
export type FailureResponder = ReturnType<typeof createFailureResponder>;

