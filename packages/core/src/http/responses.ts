/** Every response the library builds holds per-user content: never cached, and it varies by these. */
const privateHeaders: Record<string, string> = { "cache-control": "no-store", vary: "Cookie, Accept, Content-Type, Authorization" };

/** Our pages load nothing from elsewhere: inline styles only, no scripts, no framing. */
const pageHeaders: Record<string, string> = {
	"content-security-policy":
		"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	"x-frame-options": "DENY",
	"x-content-type-options": "nosniff",
	"referrer-policy": "same-origin"
};

/** A JSON response with private caching headers. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { "content-type": "application/json; charset=utf-8", ...privateHeaders, ...headers }
	});
}

/** An HTML response with private caching and the page security headers. */
export function htmlResponse(page: string, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(page, { status, headers: { "content-type": "text/html; charset=utf-8", ...privateHeaders, ...pageHeaders, ...headers } });
}

/**
 * A redirect to `location` (a path the caller has validated): 302 after GET and HEAD, 303 after
 * anything else, so the browser follows with a GET.
 */
export function redirectResponse(request: Request, location: string): Response {
	const status = request.method === "GET" || request.method === "HEAD" ? 302 : 303;
	return new Response(null, { status, headers: { location, ...privateHeaders } });
}

/** A 303 See Other to `location` (validated by the caller): the answer to a form post. */
export function seeOther(location: string): Response {
	return new Response(null, { status: 303, headers: { location, ...privateHeaders } });
}

/** The answer to a HEAD request: the GET response without its body. */
export function withoutBody(response: Response): Response {
	return new Response(null, response);
}
