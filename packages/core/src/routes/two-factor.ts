import type { TwoFactorService } from "../factors/two-factor-service.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { isSafeRedirectPath, safeRedirectPath } from "../http/redirect.js";
import { jsonResponse, redirectResponse, seeOther } from "../http/responses.js";
import type { TwoFactorSetupViewContext } from "../options/types.js";
import type { CurrentUser, UserRecord } from "../types.js";
import { toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field, readNext, requiredPassword, type FieldErrors } from "./fields.js";
import { readPost } from "./post.js";

/** The pending credential of a request: the `pendingToken` field (API clients), else the pending cookie. */
function pendingOf(request: Request, ctx: RouteContext, fields: Record<string, unknown> = {}): string | null {
	const token = field(fields, "pendingToken");
	if (typeof token === "string" && token) return token;
	return ctx.pendingCookie.read(request)[0] ?? null;
}

async function codePage(request: Request, ctx: RouteContext, next: string | null, errors: FieldErrors, status: number): Promise<Response> {
	return ctx.views.render(request, "two-factor", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("two-factor"),
		recoveryAction: ctx.identity.urlForIdentity("two-factor"),
		next: isSafeRedirectPath(next) ? next : "",
		errors
	});
}

/** `GET two-factor`: the code form of a pending login; without one, back to the login form (401 for API callers). */
export async function showTwoFactor(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const next = readNext({}, request);
	const pending = await twoFactor.readPending(pendingOf(request, ctx));
	if (isApiCaller(request, ctx.settings.tokenHeader)) return pending ? jsonResponse({ csrfToken: await ctx.identity.getCsrfToken(request) }) : ctx.failure(request, "unauthenticated");
	if (!pending) return redirectResponse(request, ctx.identity.urlForIdentity("login", isSafeRedirectPath(next) ? { next } : {}));
	return codePage(request, ctx, next, {}, 200);
}

/**
 * `POST two-factor` with `code` (or `recoveryCode`) and the pending credential (the cookie, or
 * `pendingToken`): completes the login exactly as a password login would (session, remember when it
 * was asked, a token; fresh). No code is accepted twice; the pending credential dies after 5 wrong
 * codes. A wrong, dead or expired code or pending credential: 400 `invalid_code`.
 */
export async function postTwoFactor(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const next = readNext(post.fields, request);
	const invalid = (message: string) => (api ? ctx.failure(request, "invalid_code") : codePage(request, ctx, next, { form: [message] }, 400));
	const pending = await twoFactor.readPending(pendingOf(request, ctx, post.fields));
	if (!pending) return invalid("This sign-in has expired. Sign in again.");
	const code = field(post.fields, "code");
	const recoveryCode = field(post.fields, "recoveryCode");
	const user = pending.user;
	let accepted = false;
	if (typeof recoveryCode === "string" && recoveryCode) {
		accepted = await twoFactor.useRecoveryCode(user, recoveryCode);
		if (accepted) ctx.emit("recoveryCodeUsed", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user) });
	} else {
		accepted = await twoFactor.acceptCode(user, code);
	}
	if (!accepted) {
		await twoFactor.wrongPendingCode(pending);
		return invalid("That code is not right, or was already used.");
	}
	await twoFactor.finishPending(pending);
	ctx.pendingCookie.clear(request);
	if (!(await ctx.identity.loginUser(request, user, { remember: pending.remember, fresh: true }))) return ctx.failure(request, "account_disabled");
	const current = (await ctx.identity.getCurrentUser(request)) as CurrentUser & UserRecord;
	ctx.emit("loginSucceeded", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(current), remember: pending.remember, method: "password" });
	if (!api) return seeOther(safeRedirectPath(next, ctx.settings.postLogin));
	return jsonResponse({ user: await ctx.payloadOf(current), authenticationToken: await ctx.identity.getAuthToken(current, { fresh: true }) });
}

async function setupPage(request: Request, ctx: RouteContext, twoFactor: TwoFactorService, user: UserRecord, extra: Partial<TwoFactorSetupViewContext>, status = 200) {
	const summary = await twoFactor.summary(user);
	return ctx.views.render(request, "two-factor-setup", {
		status,
		csrfToken: await ctx.identity.getCsrfToken(request),
		action: ctx.identity.urlForIdentity("two-factor/setup"),
		next: "",
		errors: {},
		stage: summary.enabled ? "enabled" : "start",
		secret: "",
		otpauthUrl: "",
		qrSvg: "",
		setupToken: "",
		recoveryCodes: [],
		recoveryCodesLeft: summary.recoveryCodesLeft,
		actions: {
			setup: ctx.identity.urlForIdentity("two-factor/setup"),
			enable: ctx.identity.urlForIdentity("two-factor/enable"),
			disable: ctx.identity.urlForIdentity("two-factor/disable"),
			regenerate: ctx.identity.urlForIdentity("two-factor/recovery-codes")
		},
		...extra
	});
}

const userOf = async (request: Request, ctx: RouteContext) => (await ctx.identity.getCurrentUser(request)) as CurrentUser & UserRecord;

/** `GET two-factor/setup` (signed in): the settings page (API callers: `{ twoFactor, recoveryCodesLeft }`). */
export async function showTwoFactorSetup(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const user = await userOf(request, ctx);
	if (isApiCaller(request, ctx.settings.tokenHeader)) {
		const summary = await twoFactor.summary(user);
		return jsonResponse({ twoFactor: summary.enabled, recoveryCodesLeft: summary.recoveryCodesLeft, csrfToken: await ctx.identity.getCsrfToken(request) });
	}
	return setupPage(request, ctx, twoFactor, user, {});
}

/** `POST two-factor/setup` (signed in, fresh): a new secret to scan; nothing is enabled yet. 200 `{ secret, otpauthUrl, setupToken }`. */
export async function postTwoFactorSetup(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	if (await twoFactor.isEnabled(user)) {
		const message = "Two-factor sign-in is already on. Turn it off first to set up another authenticator.";
		return api ? ctx.failure(request, "invalid_request", { message }) : setupPage(request, ctx, twoFactor, user, { errors: { form: [message] } }, 400);
	}
	const setup = await twoFactor.setup(user);
	if (api) return jsonResponse({ secret: setup.secret, otpauthUrl: setup.otpauthUrl, setupToken: setup.setupToken });
	return setupPage(request, ctx, twoFactor, user, { stage: "scan", secret: setup.secret, otpauthUrl: setup.otpauthUrl, qrSvg: setup.qr, setupToken: setup.setupToken });
}

/** `POST two-factor/enable` (signed in, fresh) with `setupToken` and `code`: on, 200 `{ recoveryCodes }` (shown this once); a wrong code 400 `invalid_code`. */
export async function postTwoFactorEnable(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	const recoveryCodes = await twoFactor.enable(user, field(post.fields, "setupToken"), field(post.fields, "code"));
	if (!recoveryCodes) {
		if (api) return ctx.failure(request, "invalid_code");
		return setupPage(request, ctx, twoFactor, user, { errors: { form: ["That code is not right. Scan again and enter the new code."] } }, 400);
	}
	ctx.emit("twoFactorEnabled", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user) });
	if (api) return jsonResponse({ recoveryCodes });
	return setupPage(request, ctx, twoFactor, user, { stage: "codes", recoveryCodes, recoveryCodesLeft: recoveryCodes.length });
}

/** Checks the password of the signed-in user (through the login's sequence and rate limits), or a current code. */
async function confirmOwner(request: Request, ctx: RouteContext, twoFactor: TwoFactorService, user: UserRecord, fields: Record<string, unknown>, allowCode: boolean): Promise<Response | null> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	if (allowCode && typeof field(fields, "code") === "string" && field(fields, "code") !== "") {
		if (await twoFactor.acceptCode(user, field(fields, "code"))) return null;
		return api ? ctx.failure(request, "invalid_code") : setupPage(request, ctx, twoFactor, user, { errors: { form: ["That code is not right."] } }, 400);
	}
	const errors: FieldErrors = {};
	const password = requiredPassword(fields, "password", errors);
	if (!password) return api ? ctx.failure(request, "invalid_request", { body: { errors } }) : setupPage(request, ctx, twoFactor, user, { errors }, 400);
	const result = await ctx.passwordLogin(request, String(user[ctx.settings.identityField] ?? ""), password);
	if (result.ok && result.user.id === user.id) return null;
	if (!result.ok && result.reason === "rate_limited") return ctx.failure(request, "too_many_attempts", { headers: { "retry-after": String(result.retryAfterSeconds) } });
	return api ? ctx.failure(request, "invalid_credentials", { message: "The password is not correct." }) : setupPage(request, ctx, twoFactor, user, { errors: { form: ["The password is not correct."] } }, 401);
}

/** `POST two-factor/disable` (signed in, fresh) with `password` or a current `code`: off. */
export async function postTwoFactorDisable(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	const refused = await confirmOwner(request, ctx, twoFactor, user, post.fields, true);
	if (refused) return refused;
	await twoFactor.disable(user);
	ctx.emit("twoFactorDisabled", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user) });
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ status: "disabled" });
	return setupPage(request, ctx, twoFactor, user, { stage: "start" });
}

/** `POST two-factor/recovery-codes` (signed in, fresh) with `password`: new recovery codes, 200 `{ recoveryCodes }`; the old ones stop working. */
export async function postRecoveryCodes(request: Request, ctx: RouteContext, twoFactor: TwoFactorService): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	const refused = await confirmOwner(request, ctx, twoFactor, user, post.fields, false);
	if (refused) return refused;
	const recoveryCodes = await twoFactor.regenerateRecoveryCodes(user);
	if (!recoveryCodes) return ctx.failure(request, "invalid_request", { message: "Two-factor sign-in is off." });
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ recoveryCodes });
	return setupPage(request, ctx, twoFactor, user, { stage: "enabled", recoveryCodes, recoveryCodesLeft: recoveryCodes.length });
}
