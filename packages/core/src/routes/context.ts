import type { Emit } from "../events.js";
import type { FailureResponder } from "../http/failures.js";
import type { Identity } from "../identity-types.js";
import type { FlowContext } from "../flows/flow-context.js";
import type { PasskeyService } from "../factors/passkey-service.js";
import type { TwoFactorService } from "../factors/two-factor-service.js";
import type { Csrf } from "../session/csrf.js";
import type { PasswordLogin } from "../session/password-login.js";
import type { UserRecord } from "../types.js";
import type { ViewRenderer } from "./views.js";

/**
 * What the default routes use. They are a consumer of the public `Identity` (as `@identity/next`
 * is), plus the few internals no public function offers: the password-login sequence shared with
 * HTTP Basic, the CSRF rule, the failure table and the view renderer.
 */
export interface RouteContext {
	identity: Pick<
		Identity,
		| "getCurrentUser"
		| "loginUser"
		| "logoutUser"
		| "getAuthToken"
		| "getSecurityPayload"
		| "getCsrfToken"
		| "urlForIdentity"
		| "loginRequired"
		| "freshLoginRequired"
	>;
	/** The account flows, when any is on. */
	flows: FlowContext | null;
	/** Two-factor sign-in and passkeys, when on. */
	factors: { twoFactor: TwoFactorService | null; passkeys: PasskeyService | null };
	/** The pending two-factor login's cookie (`<session cookie name>_2fa`). */
	pendingCookie: { read(request: Request): string[]; set(request: Request, token: string): void; clear(request: Request): void };
	/** The security payload of a user, with its two-factor state when two-factor is on. */
	payloadOf(user: UserRecord): Promise<Record<string, unknown>>;
	passwordLogin: PasswordLogin;
	/** Makes the request's session fresh after `verify`. */
	refreshLogin(request: Request, user: UserRecord): Promise<void>;
	/** Keeps the request's own session after the user's uniquifier was rotated (a password change). */
	keepSession(request: Request, user: UserRecord): Promise<void>;
	/** How the request's current user was authenticated. */
	sourceOf(request: Request): "session" | "remember" | "token" | "basic" | null;
	csrf: Csrf;
	/** Whether the request carries our session or remember cookie. */
	carriesOurCookies(request: Request): boolean;
	failure: FailureResponder;
	views: ViewRenderer;
	emit: Emit;
	clientAddress(request: Request): string | null;
	settings: {
		identityField: string;
		basePath: string;
		tokenHeader: string;
		postLogin: string;
		postLogout: string;
		postRegister: string;
		postConfirm: string;
		postReset: string;
	};
}
