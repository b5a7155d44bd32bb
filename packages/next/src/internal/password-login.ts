import type { Identity } from "@identity/core";

/** What a password login from a Server Action gives back: core's JSON answer, as a value. */
export type PasswordLoginResult =
	| { ok: true; user: Record<string, unknown> }
	| { ok: false; status: number; error: string; message: string; retryAfterSeconds?: number };

/** The credentials a login form posts: the identity field by its name, `password`, `remember`. */
export type PasswordCredentials = Record<string, string | boolean | undefined> & { password: string };

// Headers that describe the action's own body, not the login request built from it.
const BODY_HEADERS = ["content-length", "content-type", "content-encoding", "transfer-encoding", "accept"];

/**
 * A JSON `POST` to core's login route on behalf of a Server Action, carrying the action's own
 * headers (cookies, `Origin`, `Sec-Fetch-Site`), so core applies exactly the checks of its login
 * route: CSRF/origin, rate limits, equal work for unknown users, hash upgrade.
 */
export function toLoginRequest(identity: Pick<Identity, "urlForIdentity">, action: Request, credentials: PasswordCredentials): Request {
	const headers = new Headers(action.headers);
	for (const name of BODY_HEADERS) headers.delete(name);
	headers.set("content-type", "application/json");
	headers.set("accept", "application/json");
	const url = new URL(identity.urlForIdentity("login"), action.url);
	return new Request(url, { method: "POST", headers, body: JSON.stringify(credentials) });
}

/** Reads core's login response as a `PasswordLoginResult`. */
export async function readLoginResponse(response: Response): Promise<PasswordLoginResult> {
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (response.ok) return { ok: true, user: (body.user as Record<string, unknown> | undefined) ?? {} };
	const result: PasswordLoginResult = {
		ok: false,
		status: response.status,
		error: typeof body.error === "string" ? body.error : "login_failed",
		message: typeof body.message === "string" ? body.message : "Sign-in failed."
	};
	if (typeof body.retryAfterSeconds === "number") result.retryAfterSeconds = body.retryAfterSeconds;
	return result;
}
