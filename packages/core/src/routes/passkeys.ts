import type { PasskeyService } from "../factors/passkey-service.js";
import { isApiCaller } from "../http/negotiate.js";
import { toRequestView } from "../http/request-view.js";
import { jsonResponse, seeOther } from "../http/responses.js";
import type { CurrentUser, PasskeyRecord, UserRecord } from "../types.js";
import { isActiveRecord, toUserView } from "../user.js";
import type { RouteContext } from "./context.js";
import { field } from "./fields.js";
import { passkeyBlock } from "./passkey-script.js";
import { readPost } from "./post.js";

const view = (passkey: PasskeyRecord) => ({ id: passkey.id, name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt });
const userOf = async (request: Request, ctx: RouteContext) => (await ctx.identity.getCurrentUser(request)) as CurrentUser & UserRecord;

/** `GET passkeys` (signed in): 200 `{ passkeys: [{ id, name, createdAt, lastUsedAt }] }`, or the page that lists, adds and deletes them. */
export async function showPasskeys(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const user = await userOf(request, ctx);
	const list = (await passkeys.list(user)).map(view);
	if (isApiCaller(request, ctx.settings.tokenHeader)) return jsonResponse({ passkeys: list });
	const csrfToken = await ctx.identity.getCsrfToken(request);
	const script = passkeyBlock({
		mode: "register",
		options: ctx.identity.urlForIdentity("passkeys/register/options"),
		submit: ctx.identity.urlForIdentity("passkeys/register"),
		csrfToken,
		next: ctx.identity.urlForIdentity("passkeys"),
		label: "Add a passkey"
	}).value;
	return ctx.views.render(request, "passkeys", {
		status: 200,
		csrfToken,
		action: ctx.identity.urlForIdentity("passkeys"),
		next: "",
		errors: {},
		passkeys: list,
		actions: { options: ctx.identity.urlForIdentity("passkeys/register/options"), register: ctx.identity.urlForIdentity("passkeys/register"), delete: ctx.identity.urlForIdentity("passkeys/delete") },
		script
	});
}

/** `POST passkeys/register/options` (signed in, fresh): the creation options, with a challenge bound to this user. */
export async function postRegisterOptions(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	return jsonResponse(await passkeys.registrationOptions(await userOf(request, ctx)));
}

/** `POST passkeys/register` (signed in, fresh): the body is the `RegistrationResponseJSON` (plus an optional `name`). 200 `{ id, name }`. */
export async function postRegister(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	const name = field(post.fields, "name");
	const label = typeof name === "string" && name.trim() ? name.trim().slice(0, 64) : "Passkey";
	const passkey = await passkeys.register(user, post.fields, label);
	if (!passkey) return ctx.failure(request, "invalid_passkey");
	ctx.emit("passkeyAdded", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user), passkeyId: passkey.id });
	return jsonResponse({ id: passkey.id, name: passkey.name });
}

/** `POST passkeys/login/options`: request options for a discoverable passkey (bound to the signed-in user, for `verify`). */
export async function postLoginOptions(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await ctx.identity.getCurrentUser(request);
	return jsonResponse(await passkeys.authenticationOptions(user.isAuthenticated ? (user as UserRecord).id : null));
}

/**
 * `POST passkeys/login`: the body is the `AuthenticationResponseJSON`. A login as complete as a
 * password plus a second factor (it needs user verification): session, token, fresh. Any failure is
 * 400 `invalid_passkey`.
 */
export async function postPasskeyLogin(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	if ((await ctx.identity.getCurrentUser(request)).isAuthenticated) return ctx.failure(request, "already_authenticated");
	const found = await passkeys.authenticate(post.fields, null);
	if (!found || !isActiveRecord(found.user)) return ctx.failure(request, "invalid_passkey");
	if (ctx.flows?.settings.confirm.enabled && !found.user.confirmedAt) return ctx.failure(request, "unconfirmed");
	await ctx.identity.loginUser(request, found.user, { fresh: true });
	const user = await userOf(request, ctx);
	ctx.emit("loginSucceeded", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user), remember: false, method: "passkey" });
	if (!api) return seeOther(ctx.settings.postLogin);
	return jsonResponse({ user: await ctx.payloadOf(user), authenticationToken: await ctx.identity.getAuthToken(user, { fresh: true }) });
}

/** `POST passkeys/delete` (signed in, fresh) with `id`: deletes one of the user's own passkeys. */
export async function postDeletePasskey(request: Request, ctx: RouteContext, passkeys: PasskeyService): Promise<Response> {
	const api = isApiCaller(request, ctx.settings.tokenHeader);
	const post = await readPost(request, ctx);
	if (!post.ok) return ctx.failure(request, post.reason);
	const user = await userOf(request, ctx);
	const id = field(post.fields, "id");
	if (typeof id !== "string" || !(await passkeys.remove(user, id))) return ctx.failure(request, "invalid_request", { message: "No such passkey." });
	ctx.emit("passkeyRemoved", { request: toRequestView(request, ctx.clientAddress(request)), user: toUserView(user), passkeyId: id });
	return api ? jsonResponse({ status: "deleted" }) : seeOther(ctx.identity.urlForIdentity("passkeys"));
}
