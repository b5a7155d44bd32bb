/** The media type of a request body, lower-cased, without parameters; "" when absent. */
export function mediaType(request: Request): string {
	const header = request.headers.get("content-type");
	if (!header) return "";
	const semicolon = header.indexOf(";");
	return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/** Whether a media type is JSON: `application/json` or any `application/*+json`. */
export function isJsonMediaType(type: string): boolean {
	return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

const JSON_ACCEPT = /application\/(?:[\w.+-]*\+)?json/;

/**
 * The one rule that decides between JSON and HTML, for guards and routes alike. A request is an
 * API caller, in this order:
 * 1. yes, when its body is JSON;
 * 2. no, when `Accept` lists `text/html` (browsers navigating or submitting forms);
 * 3. yes, when it carries a request token (`Authorization: Bearer`, the token header);
 * 4. yes, when `Accept` lists JSON;
 * 5. no, for a navigation (`Sec-Fetch-Mode: navigate`); yes for any other fetch mode (`fetch()`);
 * 6. no, for a form body (urlencoded or multipart): a form submission;
 * 7. yes otherwise: curl, a script, a request with no headers.
 */
export function isApiCaller(request: Request, tokenHeader: string): boolean {
	const headers = request.headers;
	const type = mediaType(request);
	if (isJsonMediaType(type)) return true;
	const accept = headers.get("accept")?.toLowerCase() ?? "";
	if (accept.includes("text/html")) return false;
	if (headers.has(tokenHeader) || /^\s*bearer\s/i.test(headers.get("authorization") ?? "")) return true;
	if (JSON_ACCEPT.test(accept)) return true;
	const mode = headers.get("sec-fetch-mode");
	if (mode) return mode.toLowerCase() !== "navigate";
	return !(type === "application/x-www-form-urlencoded" || type === "multipart/form-data");
}
