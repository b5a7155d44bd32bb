import { readBody } from "../http/body.js";
import { CSRF_LIFETIME_SECONDS, MAX_CSRF_FORM_BYTES } from "../options/limits.js";
import { nowSeconds } from "../token/claims.js";
import type { TokenCodec } from "../token/token.js";
import type { UserLoader } from "./current-user.js";
import { currentClaims } from "./state.js";

/** Where an unsafe request comes from, by Fetch Metadata then Origin. */
export type RequestOrigin = "same" | "cross" | "absent";

/** Why an unsafe request was refused, or "ok". */
export type CsrfVerdict = "ok" | "cross_origin" | "token_invalid";

/** Methods that never need a CSRF check. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** The CSRF defences of one identity: the origin check and tokens bound to the login's session. */
export interface Csrf {
	/**
	 * `Sec-Fetch-Site` when present (`same-origin` and `none` pass), else `Origin` compared with the
	 * request's origin; configured trusted origins pass either way. "absent" when neither is sent.
	 */
	originOf(request: Request): RequestOrigin;
	/** A signed CSRF token bound to the request's session (it rotates at every login). */
	issueToken(request: Request): Promise<string>;
	/** Whether `token` is a valid CSRF token for this request's session. */
	verifyToken(request: Request, token: unknown): Promise<boolean>;
	/**
	 * The rule for an unsafe request: refused when it comes from another origin; with neither
	 * `Origin` nor `Sec-Fetch-Site` (not a modern browser, or a stripped request) it needs a valid
	 * token in `X-CSRF-Token` or the `csrf_token` field when it carries our cookies (a client without
	 * them, e.g. a curl JSON login, needs none). `bodyToken` is the field when the caller already
	 * parsed the body; otherwise a small form body is read from a clone.
	 */
	verdict(request: Request, options: { carriesCookies: boolean; bodyToken?: string | null }): Promise<CsrfVerdict>;
}

async function formToken(request: Request): Promise<string | null> {
	const type = request.headers.get("content-type")?.toLowerCase() ?? "";
	if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return null;
	const body = await readBody(request.clone(), MAX_CSRF_FORM_BYTES);
	const value = body.ok ? body.fields.csrf_token : null;
	return typeof value === "string" ? value : null;
}

export function createCsrf(deps: { tokens: TokenCodec; loader: UserLoader; trustedOrigins: readonly string[] }): Csrf {
	const { tokens, loader, trustedOrigins } = deps;
	const binding = (request: Request): string => currentClaims(request)?.sid ?? "anonymous";

	function originOf(request: Request): RequestOrigin {
		const origin = request.headers.get("origin");
		const trusted = origin !== null && trustedOrigins.includes(origin);
		const site = request.headers.get("sec-fetch-site")?.toLowerCase();
		if (site) return site === "same-origin" || site === "none" || trusted ? "same" : "cross";
		if (origin !== null) return trusted || origin === new URL(request.url).origin ? "same" : "cross";
		return "absent";
	}

	async function verifyToken(request: Request, token: unknown): Promise<boolean> {
		if (typeof token !== "string") return false;
		await loader.load(request);
		const claims = await tokens.verify("csrf", token);
		return claims !== null && claims.sub === binding(request);
	}

	return {
		originOf,
		async issueToken(request) {
			await loader.load(request);
			const iat = nowSeconds();
			return tokens.sign("csrf", { sub: binding(request), uq: "", iat, exp: iat + CSRF_LIFETIME_SECONDS });
		},
		verifyToken,
		async verdict(request, { carriesCookies, bodyToken }) {
			const origin = originOf(request);
			if (origin === "cross") return "cross_origin";
			if (origin === "same" || !carriesCookies) return "ok";
			const token = request.headers.get("x-csrf-token") ?? (bodyToken !== undefined ? bodyToken : await formToken(request));
			return token !== null && (await verifyToken(request, token)) ? "ok" : "token_invalid";
		}
	};
}

