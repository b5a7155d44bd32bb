import type { Identity } from "@identity/core";

/** Options of `createOptimisticProxy`. */
export interface OptimisticProxyOptions {
	/** Path prefixes whose navigations need a login cookie (`"/dashboard"` covers `/dashboard/...`). */
	protect: readonly string[];
	/** Where to send navigations without one. Default: the identity's login route, else `"/identity/login"`. */
	loginPath?: string;
	/** The identity, to find its login route (`identity.urlForIdentity("login")`). */
	identity?: Pick<Identity, "urlForIdentity">;
	/**
	 * The cookies that may carry a login, without prefix. Default core's default names
	 * (`identity_session`, `identity_remember`); their `__Host-`/`__Secure-` forms count too.
	 */
	cookieNames?: readonly string[];
}

function isProtected(pathname: string, prefixes: readonly string[]): boolean {
	return prefixes.some((prefix) => pathname === prefix || pathname.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`));
}

/** Core's default cookie names; over https core names them `__Host-<name>` (or `__Secure-<name>`). */
const DEFAULT_COOKIE_NAMES = ["identity_session", "identity_remember"];

function hasAnyCookie(header: string | null, names: readonly string[]): boolean {
	if (!header) return false;
	return header.split(";").some((part) => {
		const eq = part.indexOf("=");
		const name = part.slice(0, eq).trim().replace(/^__(Host|Secure)-/, "");
		return eq > 0 && names.includes(name) && part.slice(eq + 1).trim() !== "";
	});
}

/**
 * A Next.js proxy (`proxy.ts`, formerly middleware) that redirects browser navigations to protected
 * paths to the login page when they carry no login cookie at all. It is OPTIMISTIC ONLY: it never
 * verifies a cookie, and returns `undefined` (let the request through) in every other case, so
 * the real check must stay in the page or handler (`getCurrentUser()`, `loginRequired(...)`).
 * Why: a proxy is a UX shortcut, not a gate. CVE-2025-29927 let anyone skip Next.js middleware
 * with an `x-middleware-subrequest` header, so apps whose only check was in middleware were open.
 * API callers (non-GET, bearer tokens, non-HTML `Accept`) pass through and get core's 401 JSON.
 *
 * @example
 * ```ts
 * // proxy.ts
 * export const proxy = createOptimisticProxy({ protect: ["/dashboard"] });
 * export const config = { matcher: ["/dashboard/:path*"] };
 * ```
 */
export function createOptimisticProxy(options: OptimisticProxyOptions): (request: Request) => Response | undefined {
	const loginPath = options.loginPath ?? options.identity?.urlForIdentity("login") ?? "/identity/login";
	const cookieNames = options.cookieNames ?? DEFAULT_COOKIE_NAMES;
	return (request) => {
		if (request.method !== "GET" && request.method !== "HEAD") return undefined;
		if (!(request.headers.get("accept") ?? "").includes("text/html")) return undefined;
		if (request.headers.has("authorization")) return undefined;
		const url = new URL(request.url);
		if (!isProtected(url.pathname, options.protect)) return undefined;
		if (hasAnyCookie(request.headers.get("cookie"), cookieNames)) return undefined;
		const target = new URL(loginPath, url);
		target.searchParams.set("next", `${url.pathname}${url.search}`);
		return new Response(null, { status: 307, headers: { location: target.href } });
	};
}
