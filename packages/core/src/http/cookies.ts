import { MAX_COOKIE_DUPLICATES, MAX_COOKIE_HEADER_LENGTH } from "../options/limits.js";

/** Attributes of a Set-Cookie header. */
export interface CookieAttributes {
	maxAgeSeconds?: number;
	httpOnly?: boolean;
	secure?: boolean;
	sameSite?: "Lax" | "Strict" | "None";
	path?: string;
	domain?: string | null;
}

/**
 * Every value of the cookie `name` in a Cookie header, in header order, at most
 * {@link MAX_COOKIE_DUPLICATES}. Browsers send several cookies of one name when another
 * (sub)domain or path planted one (cookie tossing), so callers must not trust the first blindly.
 * An oversized header is ignored (no values).
 */
export function readCookieValues(header: string | null, name: string): string[] {
	const values: string[] = [];
	if (!header || header.length > MAX_COOKIE_HEADER_LENGTH) return values;
	let start = 0;
	while (start < header.length && values.length < MAX_COOKIE_DUPLICATES) {
		let end = header.indexOf(";", start);
		if (end === -1) end = header.length;
		const eq = header.indexOf("=", start);
		if (eq !== -1 && eq < end && isNameAt(header, start, eq, name)) {
			let value = header.slice(eq + 1, end).trim();
			if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
			if (value !== "") values.push(value);
		}
		start = end + 1;
	}
	return values;
}

/**
 * Whether `header` between `start` and `eq` is `name`, give or take surrounding whitespace, without
 * slicing (this runs for every cookie of every guarded request).
 */
function isNameAt(header: string, start: number, eq: number, name: string): boolean {
	let from = start;
	let to = eq;
	while (from < to && isTrimmed(header.charCodeAt(from))) from++;
	while (to > from && isTrimmed(header.charCodeAt(to - 1))) to--;
	return to - from === name.length && header.startsWith(name, from);
}

/** Whitespace around a cookie name: ASCII whitespace, NBSP and BOM. A name padded with other Unicode spaces is not ours. */
const isTrimmed = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 11 || code === 12 || code === 13 || code === 0xa0 || code === 0xfeff;

/** Whether a Cookie header carries a non-empty cookie of any of these names. */
export function hasCookie(header: string | null, names: readonly string[]): boolean {
	return names.some((name) => readCookieValues(header, name).length > 0);
}

const VALUE = /^[!#-+\--:<-[\]-~]*$/;

/**
 * A Set-Cookie header value. Names are validated when options are resolved; a value that would
 * break the header is a programming error.
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes = {}): string {
	if (!VALUE.test(value)) throw new TypeError("Invalid cookie value");
	let cookie = `${name}=${value}`;
	if (attributes.maxAgeSeconds !== undefined) cookie += `; Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`;
	if (attributes.maxAgeSeconds === 0) cookie += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
	if (attributes.domain) cookie += `; Domain=${attributes.domain}`;
	cookie += `; Path=${attributes.path ?? "/"}`;
	if (attributes.httpOnly !== false) cookie += "; HttpOnly";
	if (attributes.secure) cookie += "; Secure";
	if (attributes.sameSite) cookie += `; SameSite=${attributes.sameSite}`;
	return cookie;
}
