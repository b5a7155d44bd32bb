import type { Identity } from "@identity/core";

/** A Next.js App Router route handler: a Web-standard fetch handler. */
export type NextRouteHandler = (request: Request) => Promise<Response>;

/** The method exports of a catch-all route file (`app/identity/[...path]/route.ts`). */
export interface NextHandlers {
	GET: NextRouteHandler;
	HEAD: NextRouteHandler;
	POST: NextRouteHandler;
	PUT: NextRouteHandler;
	PATCH: NextRouteHandler;
	DELETE: NextRouteHandler;
	OPTIONS: NextRouteHandler;
}

/**
 * The identity routes (`identity.handle`: login form, JSON login, logout) as the method exports of a
 * Next.js catch-all route. Every method goes to core, which answers 405/404 itself; nothing is decided here.
 *
 * @example
 * ```ts
 * // app/identity/[...path]/route.ts
 * import { toNextHandlers } from "@identity/next";
 * import { identity } from "@/lib/identity";
 * export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandlers(identity);
 * ```
 */
export function toNextHandlers(identity: Pick<Identity, "handle">): NextHandlers {
	// Next passes `(request, { params })`; core routes by the URL alone, so the context is dropped.
	const handler: NextRouteHandler = (request) => identity.handle(request);
	return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler, OPTIONS: handler };
}
