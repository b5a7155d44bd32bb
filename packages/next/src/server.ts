import type { CurrentUser, Identity, LoginOptions, UserRecord } from "@identity/core";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { type PasswordCredentials, type PasswordLoginResult, readLoginResponse, toLoginRequest } from "./internal/password-login.js";
import { toServerRequest } from "./server-request.js";
import { writeSetCookies } from "./set-cookies.js";

/** Identity for Server Components and Server Actions, where there is no `Request` in hand. */
export interface NextIdentity {
	/** The `Request` of this render or action, built from `headers()` once per render (React `cache`). */
	getRequest(): Promise<Request>;
	/** The current user (or the anonymous user), loaded once per render. Server Components and Actions. */
	getCurrentUser(): Promise<CurrentUser>;
	/**
	 * Logs `user` in from a Server Action: core's `loginUser`, then its cookies through `cookies().set`.
	 * False (nothing set) for an inactive user. Not in Server Components: Next forbids setting cookies there.
	 */
	loginUser(user: UserRecord | CurrentUser, options?: LoginOptions): Promise<boolean>;
	/**
	 * Checks a password and logs in from a Server Action by handing the credentials to core's login
	 * route (rate limits, CSRF/origin check, equal work for unknown users and hash upgrade included),
	 * then copies its cookies into `cookies()`. Failures are values: `{ ok: false, status, error }`.
	 */
	loginWithPassword(credentials: PasswordCredentials): Promise<PasswordLoginResult>;
	/** Logs out from a Server Action: core's `logoutUser`, then the cleared cookies through `cookies()`. */
	logoutUser(): Promise<void>;
}

/**
 * Binds an identity to Next's request scope (`next/headers`). Every decision stays in core; this
 * only builds the `Request` core needs and copies core's pending `Set-Cookie`s into `cookies()`.
 *
 * @example
 * ```ts
 * // lib/identity.ts
 * export const identity = createIdentity({ store, secret });
 * export const { getCurrentUser, loginWithPassword, logoutUser } = createNextIdentity(identity);
 * // app/dashboard/page.tsx
 * const user = await getCurrentUser();
 * if (!user.isAuthenticated) redirect(identity.urlForIdentity("login", { next: "/dashboard" }));
 * ```
 */
export function createNextIdentity(identity: Identity): NextIdentity {
	// One Request per render, so core's per-Request memoisation loads the user once.
	const getRequest = cache(async (): Promise<Request> => toServerRequest(await headers()));

	async function flushCookies(request: Request): Promise<void> {
		const carrier = identity.applyCookies(request, new Response(null));
		writeSetCookies(await cookies(), carrier.headers);
	}

	return {
		getRequest,
		async getCurrentUser() {
			return identity.getCurrentUser(await getRequest());
		},
		async loginUser(user, options) {
			// A fresh Request: an action that logs in must not reuse a render's memoised user.
			const request = toServerRequest(await headers());
			const ok = await identity.loginUser(request, user, options);
			await flushCookies(request);
			return ok;
		},
		async loginWithPassword(credentials) {
			const response = await identity.handle(toLoginRequest(identity, toServerRequest(await headers()), credentials));
			writeSetCookies(await cookies(), response.headers);
			return readLoginResponse(response);
		},
		async logoutUser() {
			const request = toServerRequest(await headers());
			await identity.logoutUser(request);
			await flushCookies(request);
		}
	};
}
