/** Attributes of a Set-Cookie header. */
export interface CookieAttributes {
	maxAgeSeconds?: number;
	httpOnly?: boolean;
	secure?: boolean;
	sameSite?: "Lax" | "Strict" | "None";
	path?: string;
	domain?: string | null;
}

const MAX_COOKIE_HEADER = 16_384;

/** The value of one cookie in a Cookie header, or null. Oversized headers are ignored. */
export function readCookie(header: string | null, name: string): string | null {
	if (!header || header.length > MAX_COOKIE_HEADER) return null;
	let start = 0;
	while (start < header.length) {
		let end = header.indexOf(";", start);
		if (end === -1) end = header.length;
		const eq = header.indexOf("=", start);
		if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
			let value = header.slice(eq + 1, end).trim();
			if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
			return value;
		}
		start = end + 1;
	}
	return null;
}

/** Every cookie of a Cookie header as a map (first occurrence wins). */
export function parseCookies(header: string | null): Map<string, string> {
	const cookies = new Map<string, string>();
	if (!header || header.length > MAX_COOKIE_HEADER) return cookies;
	for (const part of header.split(";")) {
		const eq = part.indexOf("=");
		if (eq === -1) continue;
		const name = part.slice(0, eq).trim();
		if (name && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
	}
	return cookies;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[!#-+\--:<-[\]-~]*$/;

/** A Set-Cookie header value. Throws on names or values that would break the header. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes = {}): string {
	if (!TOKEN.test(name)) throw new TypeError("Invalid cookie name");
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
