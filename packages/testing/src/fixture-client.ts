/** Options of one request a `FixtureClient` sends. */
export interface ClientRequestInit extends RequestInit {
	/** Send `Accept: application/json` (default true unless `navigate`). */
	json?: boolean;
	/** Send the headers of a browser navigation (`Accept: text/html`, `Sec-Fetch-Mode: navigate`). */
	navigate?: boolean;
	/** Send a same-origin `Origin` header (what a browser adds to a same-site POST). */
	sameOrigin?: boolean;
	/** Send the jar's cookies (default true). */
	cookies?: boolean;
}

/** A tiny HTTP client with a cookie jar, as a browser would keep one for one origin. */
export interface FixtureClient {
	readonly baseUrl: string;
	readonly origin: string;
	/** Cookie name -> value. Tests may delete entries (e.g. drop the session cookie). */
	readonly cookies: Map<string, string>;
	/** Sends a request (never follows redirects) and stores the cookies it sets. */
	fetch(path: string, init?: ClientRequestInit): Promise<Response>;
	/** `POST /identity/login` with a JSON body. */
	login(username: string, password: string, options?: { remember?: boolean }): Promise<Response>;
}

/** Applies one `Set-Cookie` value to the jar: stores it, or deletes it when expired or empty. */
function applySetCookie(cookies: Map<string, string>, setCookie: string): void {
	const [pair = "", ...attributes] = setCookie.split(";");
	const index = pair.indexOf("=");
	if (index <= 0) return;
	const name = pair.slice(0, index).trim();
	const value = pair.slice(index + 1).trim();
	const expired = attributes.some((raw) => {
		const [key = "", attributeValue = ""] = raw.split("=").map((part) => part.trim());
		if (key.toLowerCase() === "max-age") return Number(attributeValue) <= 0;
		if (key.toLowerCase() === "expires") return Date.parse(attributeValue) <= Date.now();
		return false;
	});
	if (expired || value === "") cookies.delete(name);
	else cookies.set(name, value);
}

/** A new client for the app at `baseUrl`, with an empty cookie jar. */
export function createFixtureClient(baseUrl: string): FixtureClient {
	const origin = new URL(baseUrl).origin;
	const cookies = new Map<string, string>();
	const client: FixtureClient = {
		baseUrl,
		origin,
		cookies,
		async fetch(path, init = {}) {
			const { json, navigate, sameOrigin, cookies: sendCookies = true, ...rest } = init;
			const headers = new Headers(rest.headers);
			if (navigate) {
				headers.set("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
				headers.set("sec-fetch-mode", "navigate");
				headers.set("sec-fetch-dest", "document");
			} else if (json !== false && !headers.has("accept")) {
				headers.set("accept", "application/json");
			}
			if (sameOrigin) headers.set("origin", origin);
			if (sendCookies && cookies.size > 0 && !headers.has("cookie")) {
				headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
			}
			const response = await fetch(new URL(path, baseUrl), { ...rest, headers, redirect: "manual" });
			for (const setCookie of response.headers.getSetCookie()) applySetCookie(cookies, setCookie);
			return response;
		},
		login(username, password, options = {}) {
			return client.fetch("/identity/login", {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({ username, password, remember: options.remember ?? false })
			});
		}
	};
	return client;
}
