/**
 * What event hooks learn about a request: never the Request itself, whose headers carry the live
 * session cookie, remember cookie, bearer token or Basic password.
 */
export interface RequestView {
	method: string;
	/** The path, without the query string (it may carry a token). */
	path: string;
	/** The client address, when the adapter supplies one. */
	address: string | null;
	userAgent: string | null;
}

/** The redacted view of a request for event hooks. */
export function toRequestView(request: Request, address: string | null): RequestView {
	let path = "/";
	try {
		path = new URL(request.url).pathname;
	} catch {
		// A Request always has an absolute URL; keep "/" if a host hands us something odd.
	}
	const userAgent = request.headers.get("user-agent");
	return { method: request.method, path, address, userAgent: userAgent === null ? null : userAgent.slice(0, 512) };
}
