import type { Emit } from "../events.js";
import { toRequestView } from "../http/request-view.js";
import { MAX_IDENTITY_LENGTH } from "../options/limits.js";
import type { LoginThrottle, ThrottleSubject } from "../rate-limit/throttle.js";
import type { IdentityStore } from "../store.js";
import type { UserRecord } from "../types.js";
import { isActiveRecord } from "../user.js";
import type { CheckPassword } from "./authenticate.js";
import type { DeviceCookies } from "./device-cookie.js";

/** The outcome of one password login attempt. */
export type PasswordLoginResult =
	| { ok: true; user: UserRecord }
	| { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
	/** Unknown user, wrong or empty password: one answer, so nobody learns which accounts exist. */
	| { ok: false; reason: "invalid_credentials" }
	/** The right password for a deactivated account. */
	| { ok: false; reason: "inactive" };

/**
 * One password login attempt for `identity` from `request`'s client. With `rememberDevice`, a
 * success makes this browser a known device of the account (a device cookie on the response).
 */
export type PasswordLogin = (request: Request, identity: string, password: string, options?: { rememberDevice?: boolean }) => Promise<PasswordLoginResult>;

/**
 * The one password-login sequence, shared by `POST login`, `POST verify` and HTTP Basic:
 * 1. the user is looked up (no hashing yet);
 * 2. the throttle admits the attempt, counting it against the account (or the known device) in one
 *    atomic step before any hashing, so parallel guesses get at most the budget of checks;
 * 3. the password is checked (an unknown user costs the same hashing work; an empty password none);
 * 4. a failure is counted against the address and the global budget; a success clears the
 *    account's counters.
 * Events report each outcome.
 */
export function createPasswordLogin(deps: {
	store: IdentityStore;
	identityField: string;
	checkPassword: CheckPassword;
	throttle: LoginThrottle | null;
	devices: DeviceCookies | null;
	/** The counter key of an identity that names no user: a keyed bucket, so unknown names stay bounded. */
	unknownAccountKey(identity: string): Promise<string>;
	clientAddress: (request: Request) => string | null;
	emit: Emit;
}): PasswordLogin {
	const { throttle, emit } = deps;
	return async (request, identity, password, options = {}) => {
		const address = deps.clientAddress(request);
		const view = () => toRequestView(request, address);
		const valid = typeof identity === "string" && identity.length > 0 && identity.length <= MAX_IDENTITY_LENGTH && typeof password === "string";
		const user = valid ? await deps.store.findUser({ [deps.identityField]: identity }) : null;
		const subject: ThrottleSubject = {
			account: user ? `user:${user.id}` : await deps.unknownAccountKey(String(identity)),
			address,
			device: user && deps.devices ? await deps.devices.read(request, user.id) : null
		};
		const hit = throttle ? await throttle.admit(subject) : null;
		if (hit) {
			emit("loginFailed", { request: view(), identity, reason: "rate_limited" });
			return { ok: false, reason: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
		}
		// An empty password is wrong for everyone without any work; it still counts as a failure.
		const right = valid && password.length > 0 && (await deps.checkPassword(user, password));
		if (!right) {
			emit("loginFailed", { request: view(), identity, reason: !valid ? "invalid_input" : user ? "wrong_password" : "unknown_user" });
			const lockout = throttle ? await throttle.failed(subject) : null;
			if (lockout) emit("lockedOut", { request: view(), key: lockout.key, retryAfterSeconds: lockout.retryAfterSeconds });
			return { ok: false, reason: "invalid_credentials" };
		}
		if (!isActiveRecord(user!)) {
			emit("loginFailed", { request: view(), identity, reason: "inactive" });
			return { ok: false, reason: "inactive" };
		}
		await throttle?.succeeded(subject);
		if (options.rememberDevice && deps.devices) await deps.devices.issue(request, user!.id);
		return { ok: true, user: user! };
	};
}
