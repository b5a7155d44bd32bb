/** One cookie in the shape Next's cookie stores take (`(await cookies()).set(cookie)`). */
export interface NextCookie {
	name: string;
	value: string;
	maxAge?: number;
	expires?: Date;
	path?: string;
	domain?: string;
	secure?: boolean;
	httpOnly?: boolean;
	sameSite?: "lax" | "strict" | "none";
	partitioned?: boolean;
}

/** The part of Next's `cookies()` store this module writes to. */
export interface WritableCookieStore {
	set(cookie: NextCookie): unknown;
}

const SAME_SITE = new Set(["lax", "strict", "none"]);

/** Parses one `Set-Cookie` value; null when it has no `name=`. */
function parseSetCookie(header: string): NextCookie | null {
	const [pair = "", ...attributes] = header.split(";");
	const eq = pair.indexOf("=");
	const name = eq > 0 ? pair.slice(0, eq).trim() : "";
	if (!name) return null;
	const cookie: NextCookie = { name, value: pair.slice(eq + 1).trim() };
	for (const attribute of attributes) {
		const at = attribute.indexOf("=");
		const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
		const value = at === -1 ? "" : attribute.slice(at + 1).trim();
		if (key === "max-age" && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
		else if (key === "expires" && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
		else if (key === "path") cookie.path = value;
		else if (key === "domain") cookie.domain = value;
		else if (key === "secure") cookie.secure = true;
		else if (key === "httponly") cookie.httpOnly = true;
		else if (key === "partitioned") cookie.partitioned = true;
		else if (key === "samesite" && SAME_SITE.has(value.toLowerCase())) {
			cookie.sameSite = value.toLowerCase() as NextCookie["sameSite"];
		}
	}
	return cookie;
}

/**
 * The `Set-Cookie` headers of `headers` as Next cookie objects, every attribute kept. Next's own
 * parser drops `Max-Age=0`, which would turn a deletion into an empty session cookie, so this one
 * keeps it. Values are passed as they are: core's cookie values are base64url and dots, which
 * Next's `encodeURIComponent` leaves unchanged.
 */
export function readSetCookies(headers: Headers): NextCookie[] {
	const cookies: NextCookie[] = [];
	for (const header of headers.getSetCookie()) {
		const cookie = parseSetCookie(header);
		if (cookie) cookies.push(cookie);
	}
	return cookies;
}

/** Writes every `Set-Cookie` of `headers` to a Next cookie store (a Server Action's `cookies()`). */
export function writeSetCookies(store: WritableCookieStore, headers: Headers): void {
	for (const cookie of readSetCookies(headers)) store.set(cookie);
}
