/** Headers every response of the default routes carries: they hold per-user content. */
const privateHeaders = { "Cache-Control": "no-store", Vary: "Cookie, Accept, Content-Type" } as const;

/** Our pages load nothing from elsewhere; inline styles only, no scripts, no framing. */
const pageSecurityHeaders = {
	"Content-Security-Policy":
		"default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	"X-Frame-Options": "DENY",
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "same-origin"
} as const;

/** The media type of a request body, lower-cased, without parameters; "" when absent. */
export function mediaType(request: Request): string {
	return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function isJsonType(type: string): boolean {
	return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * Whether the caller wants JSON: a JSON body, or an `Accept` that lists JSON and not HTML.
 * Browsers navigating or posting forms send `text/html` and get pages.
 */
export function wantsJson(request: Request): boolean {
	if (isJsonType(mediaType(request))) return true;
	const accept = (request.headers.get("accept") ?? "").toLowerCase();
	return /application\/(?:[\w.+-]*\+)?json/.test(accept) && !accept.includes("text/html");
}

/** Whether the body is JSON (by its content type, case-insensitively). */
export function isJsonBody(request: Request): boolean {
	return isJsonType(mediaType(request));
}

/** A JSON response with private caching headers. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { "Content-Type": "application/json; charset=utf-8", ...privateHeaders, ...headers }
	});
}

/** An HTML response with private caching and page security headers. */
export function htmlResponse(html: string, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(html, {
		status,
		headers: { "Content-Type": "text/html; charset=utf-8", ...privateHeaders, ...pageSecurityHeaders, ...headers }
	});
}

/** A 303 See Other to `location`, which the caller has already validated. */
export function seeOther(location: string): Response {
	return new Response(null, { status: 303, headers: { Location: location, ...privateHeaders } });
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small self-contained HTML page (used for 404/405 and failures). */
export function simplePage(title: string, message: string, status: number, headers: Record<string, string> = {}): Response {
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
	return htmlResponse(html, status, headers);
}

/** A failure as JSON or as a small page, depending on the caller. */
export function failure(
	request: Request,
	status: number,
	error: string,
	message: string,
	headers: Record<string, string> = {}
): Response {
	if (wantsJson(request)) return jsonResponse({ error, message }, status, headers);
	return simplePage(message, message, status, headers);
}
