import type { PasskeyService } from "../factors/passkey-service.js";
import type { TwoFactorService } from "../factors/two-factor-service.js";
import type { FlowContext } from "../flows/flow-context.js";
import { postChangeEmail, postChangeEmailConfirm, showChangeEmail, showChangeEmailConfirm } from "./change-email.js";
import { postChangePassword, showChangePassword } from "./change-password.js";
import { postConfirm, postResend, showConfirm } from "./confirm.js";
import type { RouteContext } from "./context.js";
import { postLogin, showLogin } from "./login.js";
import { postLogout } from "./logout.js";
import { postDeletePasskey, postLoginOptions, postPasskeyLogin, postRegister as postRegisterPasskey, postRegisterOptions, showPasskeys } from "./passkeys.js";
import { postRecover, postReset, showRecover, showReset } from "./recover.js";
import { postRegister, showRegister } from "./register.js";
import { postRecoveryCodes, postTwoFactor, postTwoFactorDisable, postTwoFactorEnable, postTwoFactorSetup, showTwoFactor, showTwoFactorSetup } from "./two-factor.js";
import type { IdentityEndpoint } from "./url.js";
import { postVerify, showVerify } from "./verify.js";

/** A route handler bound to its context. */
export type RouteHandler = (request: Request) => Response | Promise<Response>;

/** The routes that are on, by endpoint and method. */
export type Endpoints = Partial<Record<IdentityEndpoint, Partial<Record<"GET" | "POST", RouteHandler>>>>;

/**
 * Every route that is on. A feature's routes exist only when it is on (else 404); the ones for a
 * signed-in user are wrapped in the identity's own guards, so a stale session is sent to `verify`
 * (and an API caller gets 401 `reauthentication_required`) before anything changes.
 */
export function endpointsOf(ctx: RouteContext): Endpoints {
	const { loginRequired, freshLoginRequired } = ctx.identity;
	const bind =
		<S>(service: S) =>
		(handler: (request: Request, ctx: RouteContext, service: S) => Promise<Response>): RouteHandler =>
		(request) =>
			handler(request, ctx, service);
	const on = bind(undefined);
	const endpoints: Endpoints = {
		login: { GET: on(showLogin), POST: on(postLogin) },
		logout: { POST: on(postLogout) },
		verify: { GET: on(showVerify), POST: on(postVerify) }
	};

	const flows = ctx.flows;
	if (flows) {
		const flow = bind<FlowContext>(flows);
		const { register, confirm, recover, changePassword, changeEmail } = flows.settings;
		if (register.enabled) endpoints.register = { GET: flow(showRegister), POST: flow(postRegister) };
		if (confirm.enabled) {
			endpoints.confirm = { GET: on(showConfirm), POST: flow(postConfirm) };
			endpoints["confirm/resend"] = { POST: flow(postResend) };
		}
		if (recover.enabled) {
			endpoints.recover = { GET: on(showRecover), POST: flow(postRecover) };
			endpoints.reset = { GET: flow(showReset), POST: flow(postReset) };
		}
		if (changePassword.enabled) endpoints["change-password"] = { GET: loginRequired(flow(showChangePassword)), POST: freshLoginRequired(flow(postChangePassword)) };
		if (changeEmail.enabled) {
			endpoints["change-email"] = { GET: loginRequired(on(showChangeEmail)), POST: freshLoginRequired(flow(postChangeEmail)) };
			endpoints["change-email/confirm"] = { GET: on(showChangeEmailConfirm), POST: flow(postChangeEmailConfirm) };
		}
	}

	const { twoFactor, passkeys } = ctx.factors;
	if (twoFactor) {
		const totp = bind<TwoFactorService>(twoFactor);
		endpoints["two-factor"] = { GET: totp(showTwoFactor), POST: totp(postTwoFactor) };
		endpoints["two-factor/setup"] = { GET: loginRequired(totp(showTwoFactorSetup)), POST: freshLoginRequired(totp(postTwoFactorSetup)) };
		endpoints["two-factor/enable"] = { POST: freshLoginRequired(totp(postTwoFactorEnable)) };
		endpoints["two-factor/disable"] = { POST: freshLoginRequired(totp(postTwoFactorDisable)) };
		endpoints["two-factor/recovery-codes"] = { POST: freshLoginRequired(totp(postRecoveryCodes)) };
	}
	if (passkeys) {
		const passkey = bind<PasskeyService>(passkeys);
		endpoints.passkeys = { GET: loginRequired(passkey(showPasskeys)) };
		endpoints["passkeys/register/options"] = { POST: freshLoginRequired(passkey(postRegisterOptions)) };
		endpoints["passkeys/register"] = { POST: freshLoginRequired(passkey(postRegisterPasskey)) };
		endpoints["passkeys/login/options"] = { POST: passkey(postLoginOptions) };
		endpoints["passkeys/login"] = { POST: passkey(postPasskeyLogin) };
		endpoints["passkeys/delete"] = { POST: freshLoginRequired(passkey(postDeletePasskey)) };
	}
	return endpoints;
}
