import type { Engine } from "./engine.js";
import { loadCurrentUser } from "./current-user.js";
import { readCapped } from "./internal/read-capped.js";
import { stateOf } from "./request-state.js";
import { nowSeconds } from "./token/claims.js";

/** Where an unsafe request comes from, by Fetch Metadata then Origin. */
export type OriginCheck = "same" | "cross" | "absent";

/** Methods that never need a CSRF check. */
export const safeMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

const CSRF_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * `Sec-Fetch-Site` when present (same-origin and none pass), else `Origin` compared with the
 * request's origin; configured trusted origins pass either way. "absent" when neither header is sent.
 */
export function checkOrigin(engine: Engine, request: Request): OriginCheck {
	const origin = request.headers.get("origin");
	const trusted = origin !== null && engine.options.trustedOrigins.includes(origin);
	const site = request.headers.get("sec-fetch-site")?.toLowerCase();
	if (site) return site === "same-origin" || site === "none" || trusted ? "same" : "cross";
	if (origin !== null) return trusted || origin === new URL(request.url).origin ? "same" : "cross";
	return "absent";
}

/** What CSRF tokens are bound to: the login's session id, or "anonymous" before login. */
function binding(request: Request): string {
	return stateOf(request).claims?.sid ?? "anonymous";
}

/** A signed CSRF token bound to the request's session (rotates at every login). */
export async function issueCsrfToken(engine: Engine, request: Request): Promise<string> {
	await loadCurrentUser(engine, request);
	const iat = nowSeconds();
	return engine.tokens.sign("csrf", { sub: binding(request), uq: "", iat, exp: iat + CSRF_LIFETIME_SECONDS });
}

/** Whether `token` is a valid CSRF token for this request's session. */
export async function verifyCsrfToken(engine: Engine, request: Request, token: unknown): Promise<boolean> {
	if (typeof token !== "string") return false;
	await loadCurrentUser(engine, request);
	const claims = await engine.tokens.verify("csrf", token);
	return claims !== null && claims.sub === binding(request);
}

/** Forms that carry a CSRF token are small: a bigger body is not read for it. */
const MAX_FORM_BYTES = 64 * 1024;

async function formToken(request: Request): Promise<string | null> {
	const type = request.headers.get("content-type")?.toLowerCase() ?? "";
	const urlencoded = type.startsWith("application/x-www-form-urlencoded");
	if (!urlencoded && !type.startsWith("multipart/form-data")) return null;
	const bytes = await readCapped(request.clone(), MAX_FORM_BYTES);
	if (typeof bytes === "string") return null;
	try {
		const value = urlencoded
			? new URLSearchParams(new TextDecoder().decode(bytes)).get("csrf_token")
			: (await new Response(bytes, { headers: { "content-type": type } }).formData()).get("csrf_token");
		return typeof value === "string" ? value : null;
	} catch {
		return null;
	}
}

/**
 * The check guards run for cookie-authenticated requests: safe methods pass; unsafe ones must come
 * from this origin, or (with neither Origin nor Sec-Fetch-Site) carry a valid token in the
 * `X-CSRF-Token` header or the `csrf_token` form field.
 */
export async function passesCsrf(engine: Engine, request: Request): Promise<boolean> {
	if (safeMethods.has(request.method)) return true;
	const origin = checkOrigin(engine, request);
	if (origin !== "absent") return origin === "same";
	const token = request.headers.get("x-csrf-token") ?? (await formToken(request));
	return token !== null && verifyCsrfToken(engine, request, token);
}
