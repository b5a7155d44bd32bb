import { peekState } from "./request-state.js";

/**
 * Writes the cookie changes queued for `request` (login, logout, session refresh) to `response` as
 * Set-Cookie headers, copying the response when its headers are immutable (`Response.redirect`,
 * `fetch` results). Each change is written once.
 */
export function applyCookies(request: Request, response: Response): Response {
	const cookies = peekState(request)?.cookies;
	if (!cookies || cookies.size === 0) return response;
	const values = [...cookies.values()];
	cookies.clear();
	try {
		for (const value of values) response.headers.append("set-cookie", value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const value of values) copy.headers.append("set-cookie", value);
		return copy;
	}
}
