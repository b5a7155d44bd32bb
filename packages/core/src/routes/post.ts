import { readBody, type BodyFields } from "../http/body.js";
import type { FailureReason } from "../http/failures.js";
import type { RouteContext } from "./context.js";
import { readCsrfField } from "./fields.js";

/** A POST body that passed the request checks, or why it did not (with what was read, to refill a form). */
export type PostResult = { ok: true; fields: BodyFields } | { ok: false; reason: FailureReason; fields: BodyFields };

/**
 * The checks every POST to the routes passes, cheapest first: a cross-site request is refused
 * before its body is read; the body is read within its limits (linear, bounded); then, when the
 * request carries our cookies and neither `Origin` nor `Sec-Fetch-Site`, it needs a valid CSRF
 * token (`X-CSRF-Token` or the `csrf_token` field).
 */
export async function readPost(request: Request, ctx: RouteContext): Promise<PostResult> {
	if (ctx.csrf.originOf(request) === "cross") return { ok: false, reason: "csrf_failed", fields: {} };
	const body = await readBody(request);
	if (!body.ok) return { ok: false, reason: body.reason, fields: {} };
	const verdict = await ctx.csrf.verdict(request, { carriesCookies: ctx.carriesOurCookies(request), bodyToken: readCsrfField(body.fields) });
	if (verdict !== "ok") return { ok: false, reason: verdict === "cross_origin" ? "csrf_failed" : "csrf_token_invalid", fields: body.fields };
	return { ok: true, fields: body.fields };
}
