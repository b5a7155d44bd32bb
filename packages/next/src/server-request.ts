/** The request headers Next exposes to Server Components and Server Actions (`await headers()`). */
export interface HeaderSource {
	forEach(callback: (value: string, name: string) => void): void;
	get(name: string): string | null;
}

/**
 * A `Request` standing for the current Server Component render or Server Action, built from its
 * headers, so core's `getCurrentUser(request)` and `loginUser(request, ...)` can run there.
 * The origin comes from `X-Forwarded-Proto`/`X-Forwarded-Host` (which `next start` sets) or `Host`;
 * an unknown protocol is taken as `https`, so cookies set from it stay `Secure`.
 */
export function toServerRequest(source: HeaderSource, pathname = "/"): Request {
	const headers = new Headers();
	source.forEach((value, name) => headers.append(name, value));
	const first = (name: string) => source.get(name)?.split(",")[0]?.trim() || null;
	const host = first("x-forwarded-host") ?? first("host") ?? "localhost";
	const proto = first("x-forwarded-proto") === "http" ? "http" : "https";
	let url: URL;
	try {
		url = new URL(pathname, `${proto}://${host}`);
	} catch {
		// A malformed Host header: fall back to a neutral origin rather than fail the render.
		url = new URL(pathname, "https://localhost");
	}
	return new Request(url, { headers });
}
