/** The longest `next` value accepted, in characters. Longer values fall back. */
export const maxRedirectLength = 2048;

const probeOrigin = "http://redirect.invalid";

/**
 * Whether `value` is a safe redirect target: a same-origin absolute path such as `/admin?tab=1`.
 *
 * Only printable ASCII is accepted, the value must start with exactly one `/`, and neither the raw
 * value nor any percent-decoded form of it may start with `//` or `/\`, contain a backslash or a
 * control character, or resolve to another origin. Absolute URLs are refused even when they name
 * this origin, and so is anything longer than {@link maxRedirectLength}.
 */
export function isSafeRedirectPath(value: unknown): value is string {
	if (typeof value !== "string" || value.length === 0 || value.length > maxRedirectLength) return false;
	// Printable ASCII only: browsers strip tab/CR/LF inside URLs ("/\t/evil" becomes "//evil"),
	// and anything else could smuggle header bytes or look-alike characters.
	if (!/^[\x21-\x7e]+$/.test(value)) return false;
	if (value.includes("\\")) return false;
	let current = value;
	// Percent-decoding, repeated: a later hop (a proxy, a framework's trailing-slash redirect) may
	// decode "/%2F%2Fevil" into "//evil". A value that does not decode cleanly is refused.
	for (let round = 0; round < 4; round++) {
		if (!isPlainPath(current)) return false;
		let decoded: string;
		try {
			decoded = decodeURIComponent(current);
		} catch {
			return false;
		}
		if (decoded === current) return resolvesHere(value);
		current = decoded;
	}
	return false;
}

/**
 * The redirect target to use: `value` unchanged when {@link isSafeRedirectPath} accepts it, else
 * `fallback` when that is safe, else `"/"`. Every redirect of the library goes through it.
 *
 * @example
 * safeRedirectPath("/admin", "/") // "/admin"
 * safeRedirectPath("//evil.example", "/") // "/"
 */
export function safeRedirectPath(value: unknown, fallback: string): string {
	if (isSafeRedirectPath(value)) return value;
	return isSafeRedirectPath(fallback) ? fallback : "/";
}

function isPlainPath(path: string): boolean {
	if (path[0] !== "/") return false;
	if (path[1] === "/" || path[1] === "\\") return false;
	if (path.includes("\\")) return false;
	// C0 controls, DEL and the C1 range, plus Unicode line/paragraph separators.
	return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(path);
}

function resolvesHere(path: string): boolean {
	try {
		const url = new URL(path, probeOrigin);
		return url.origin === probeOrigin && !url.pathname.startsWith("//");
	} catch {
		return false;
	}
}
