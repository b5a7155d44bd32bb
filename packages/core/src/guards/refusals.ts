import type { FailureResponder } from "../http/failures.js";
import { isApiCaller } from "../http/negotiate.js";
import { isSafeRedirectPath } from "../http/redirect.js";
import { redirectResponse } from "../http/responses.js";
import type { FailureHandler, GuardFailure } from "../options/types.js";
import type { Verdict } from "./guards.js";

/** Custom failure handlers, registered by option or later (`unauthenticatedHandler(fn)`). */
export interface FailureHandlers {
	unauthenticated: FailureHandler | null;
	unauthorized: FailureHandler | null;
}

/** How the guards answer a refused request. */
export interface GuardRefusals {
	refuse(request: Request, verdict: Exclude<Verdict, "ok">, options: { basic: boolean }): Promise<Response>;
	/** Not authenticated: 401 JSON, or a redirect to the unauthenticated view with `next`. */
	unauthenticated(request: Request): Promise<Response>;
	/** Authenticated but not permitted: 403, or a redirect to the unauthorized view. */
	unauthorized(request: Request): Promise<Response>;
}

/** `target` with the request's path and query as a relative `next`, when that is a safe redirect. */
function withNext(target: string, request: Request): string {
	const url = new URL(request.url);
	const next = url.pathname + url.search;
	if (!isSafeRedirectPath(next)) return target;
	return `${target}${target.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`;
}

/**
 * The guards' refusals. API callers get the failure table's JSON. Browser navigations are sent
 * where signing in helps, and only there, so no guard sends a browser round a loop:
 * - anonymous: to the unauthenticated view (the login route) with `next`, or a 401 page;
 * - signed in, but the session is not fresh: to the re-authentication route (`verify`) with `next`;
 * - signed in some other way than the guard accepts (a session cookie on a token-only page): a
 *   401 page, since logging in again would not help;
 * - not permitted: to the unauthorized view when one is set (never the login route), else a 403 page.
 */
export function createGuardRefusals(deps: {
	failure: FailureResponder;
	handlers: FailureHandlers;
	tokenHeader: string;
	views: { unauthenticated: string | null; unauthorized: string | null };
	/** The re-authentication route, or null when the routes are off. */
	verifyRoute: string | null;
}): GuardRefusals {
	const { failure, handlers, views } = deps;
	const custom = (verdict: Exclude<Verdict, "ok">): { handler: FailureHandler | null; reason: GuardFailure } => {
		if (verdict === "forbidden") return { handler: handlers.unauthorized, reason: "forbidden" };
		return { handler: handlers.unauthenticated, reason: verdict === "reauthentication_required" ? verdict : "unauthenticated" };
	};

	async function refuse(request: Request, verdict: Exclude<Verdict, "ok">, options: { basic: boolean }): Promise<Response> {
		const { handler, reason } = custom(verdict);
		if (handler) return handler(request, { reason });
		const navigation = !isApiCaller(request, deps.tokenHeader);
		if (navigation) {
			if (verdict === "unauthenticated" && views.unauthenticated !== null) return redirectResponse(request, withNext(views.unauthenticated, request));
			if (verdict === "reauthentication_required" && deps.verifyRoute !== null) return redirectResponse(request, withNext(deps.verifyRoute, request));
			if (verdict === "forbidden" && views.unauthorized !== null) return redirectResponse(request, views.unauthorized);
		}
		return failure(request, verdict, { basic: options.basic });
	}

	return {
		refuse,
		unauthenticated: (request) => refuse(request, "unauthenticated", { basic: false }),
		unauthorized: (request) => refuse(request, "forbidden", { basic: false })
	};
}
