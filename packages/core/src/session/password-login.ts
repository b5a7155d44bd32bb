import type { Emit } from "../events.js";
import { toRequestView } from "../http/request-view.js";
import type { RateLimiter } from "../rate-limit/types.js";
import type { UserRecord } from "../types.js";
import type { Authenticate } from "./authenticate.js";

/** The outcome of one password login attempt. */
export type PasswordLoginResult =
	| { ok: true; user: UserRecord }
	| { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
	/** Unknown user, wrong or empty password: one answer, so nobody learns which accounts exist. */
	| { ok: false; reason: "invalid_credentials" }
	/** The right password for a deactivated account. */
	| { ok: false; reason: "inactive" };

/** One password login attempt, for `identity` from `request`'s client. */
export type PasswordLogin = (request: Request, identity: string, password: string) => Promise<PasswordLoginResult>;

/**
 * The one password-login sequence, shared by `POST login`, `POST verify` and HTTP Basic:
 * the rate limiter admits the attempt (counting it against the identity before any hashing, so
 * parallel guesses are counted), the password is checked, then a failure is counted against the
 * address and a success clears the identity's counter. Events report each outcome.
 */
export function createPasswordLogin(deps: {
	authenticate: Authenticate;
	limiter: RateLimiter | null;
	clientAddress: (request: Request) => string | null;
	emit: Emit;
}): PasswordLogin {
	const { limiter, emit } = deps;
	return async (request, identity, password) => {
		const address = deps.clientAddress(request);
		const subject = { identity, address };
		const hit = limiter ? await limiter.begin(subject) : null;
		if (hit) {
			emit("loginFailed", { request: toRequestView(request, address), identity, reason: "rate_limited" });
			return { ok: false, reason: "rate_limited", retryAfterSeconds: hit.retryAfterSeconds };
		}
		const result = await deps.authenticate(identity, password);
		if (result.ok) {
			await limiter?.succeed(subject);
			return { ok: true, user: result.user };
		}
		emit("loginFailed", { request: toRequestView(request, address), identity, reason: result.reason });
		if (result.reason === "inactive") return { ok: false, reason: "inactive" };
		const lockout = limiter ? await limiter.fail(subject) : null;
		if (lockout) emit("lockedOut", { request: toRequestView(request, address), key: lockout.key, retryAfterSeconds: lockout.retryAfterSeconds });
		return { ok: false, reason: "invalid_credentials" };
	};
}
