import { readCookieValues, serializeCookie } from "../http/cookies.js";
import type { ResolvedOptions } from "../options/resolve.js";
import { queueSetCookie } from "./state.js";

/** Our cookies, by what they hold. */
export type CookieKind = "session" | "remember" | "device" | "pending";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether the host of an `http:` URL is loopback, by authority (few per server; bounded). */
const loopbackByAuthority = new Map<string, boolean>();
/** The last authority looked up, and its answer: most requests repeat it, and then no slice or hash is needed. */
let lastAuthority = "";
let lastLoopback = false;

/**
 * Whether `url` has exactly `authority`: it starts with it and the path follows (a Request's URL
 * always has a path). Anything else, such as a longer host, is looked up again.
 */
const hasAuthority = (url: string, authority: string): boolean => authority !== "" && url.startsWith(authority) && url.charCodeAt(authority.length) === 47;

/**
 * Whether an `http:` URL names a loopback host. This runs on every guarded request, so the URL is
 * parsed once per authority (`host:port`), not per request; the parser still decides.
 */
function isLoopbackUrl(url: string): boolean {
	if (hasAuthority(url, lastAuthority)) return lastLoopback;
	let end = url.length;
	if (url.startsWith("http://")) {
		end = 7;
		while (end < url.length && url[end] !== "/" && url[end] !== "?" && url[end] !== "#") end++;
	}
	const authority = url.slice(0, end);
	let loopback = loopbackByAuthority.get(authority);
	if (loopback === undefined) {
		loopback = LOOPBACK_HOSTS.has(new URL(url).hostname);
		if (loopbackByAuthority.size >= 256) loopbackByAuthority.clear();
		loopbackByAuthority.set(authority, loopback);
	}
	// Remembered only for an `http://` authority; anything else is parsed whole each time.
	if (url.startsWith("http://")) {
		lastAuthority = authority;
		lastLoopback = loopback;
	}
	return loopback;
}

/** What the jar needs from the options. */
export interface CookieJarSettings {
	cookie: ResolvedOptions["cookie"];
	names: Record<CookieKind, string>;
}

/** Our cookies on one request: their names (with the `__Host-` prefix over https), reading and queueing. */
export interface CookieJar {
	/** Whether cookies set on this request's response get `Secure`. */
	isSecure(request: Request): boolean;
	/** The name of a cookie on this request (prefixed when `Secure`). */
	nameOf(request: Request, kind: CookieKind): string;
	/** Every value the request carries for our cookie (several when one was planted). */
	read(request: Request, kind: CookieKind): string[];
	/** Whether the request carries our session or remember cookie (the device cookie authenticates nothing). */
	carriesAny(request: Request): boolean;
	/** Queues `Set-Cookie` for our cookie; no `maxAgeSeconds` makes a browser-session cookie. */
	set(request: Request, kind: CookieKind, value: string, maxAgeSeconds?: number): void;
	/** Queues a deletion of our cookie (`Max-Age=0`). */
	clear(request: Request, kind: CookieKind): void;
}

/**
 * The cookie jar of one identity. `Secure` is set unless configured off, or `"auto"` and the
 * request is plain http to a loopback host. With `prefix: "auto"`, Secure cookies are named
 * `__Host-<name>` (Path=/, no Domain) or `__Secure-<name>` (a Domain or Path is set): browsers
 * refuse such cookies from a sibling subdomain or over http, so they cannot be tossed.
 */
export function createCookieJar({ cookie, names }: CookieJarSettings): CookieJar {
	const hostPrefixable = cookie.domain === null && cookie.path === "/";
	const prefixFor = (secure: boolean): string => {
		if (!secure || cookie.prefix === "none") return "";
		if (cookie.prefix === "host") return "__Host-";
		if (cookie.prefix === "secure") return "__Secure-";
		return hostPrefixable ? "__Host-" : "__Secure-";
	};
	const securePrefix = prefixFor(true);
	const prefixed = {
		session: securePrefix + names.session,
		remember: securePrefix + names.remember,
		device: securePrefix + names.device,
		pending: securePrefix + names.pending
	};

	function isSecure(request: Request): boolean {
		if (cookie.secure !== "auto") return cookie.secure;
		const url = request.url;
		if (!url.startsWith("http:")) return true;
		return !isLoopbackUrl(url);
	}
	const nameOf = (request: Request, kind: CookieKind): string => (isSecure(request) ? prefixed[kind] : names[kind]);
	const write = (request: Request, kind: CookieKind, value: string, maxAgeSeconds?: number) => {
		const secure = isSecure(request);
		const name = secure ? prefixed[kind] : names[kind];
		const header = serializeCookie(name, value, { maxAgeSeconds, httpOnly: true, secure, sameSite: cookie.sameSite, domain: cookie.domain, path: cookie.path });
		queueSetCookie(request, name, header);
	};

	return {
		isSecure,
		nameOf,
		read: (request, kind) => readCookieValues(request.headers.get("cookie"), nameOf(request, kind)),
		carriesAny(request) {
			const header = request.headers.get("cookie");
			if (!header) return false;
			return readCookieValues(header, nameOf(request, "session")).length > 0 || readCookieValues(header, nameOf(request, "remember")).length > 0;
		},
		set: write,
		clear: (request, kind) => write(request, kind, "", 0)
	};
}
