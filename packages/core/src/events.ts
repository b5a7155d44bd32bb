import type { RequestView } from "./http/request-view.js";
import type { UserRecord } from "./types.js";

export type { RequestView };

/** Why a login failed. */
export type LoginFailureReason = "unknown_user" | "wrong_password" | "inactive" | "rate_limited" | "invalid_input";

/** A user as events see it: the store's record without the password hash and the uniquifier. */
export type UserView = Omit<UserRecord, "password" | "uniquifier">;

/**
 * Typed hooks, called after the fact. They receive a redacted view of the request (never the
 * Request, whose headers carry credentials) and users without hash or uniquifier; never a
 * password or a raw token. A hook that throws or rejects is ignored: it cannot break a request.
 */
export interface IdentityEvents {
	loginSucceeded?(event: { request: RequestView; user: UserView; remember: boolean; method: "password" | "basic" | "passkey" }): void | Promise<void>;
	loginFailed?(event: { request: RequestView; identity: string | null; reason: LoginFailureReason }): void | Promise<void>;
	loggedOut?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	tokenIssued?(event: { user: UserView; kind: "session" | "remember" | "bearer"; expiresAt: Date }): void | Promise<void>;
	lockedOut?(event: { request: RequestView; key: "identity" | "address" | "global"; retryAfterSeconds: number }): void | Promise<void>;
	passwordRehashed?(event: { user: UserView }): void | Promise<void>;
	passwordChanged?(event: { user: UserView }): void | Promise<void>;
	/** A new account was created through `POST register`. */
	registered?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** An email address was confirmed. */
	confirmed?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** A password-reset mail was sent (only for a known, active account; the response is the same either way). */
	resetRequested?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** A password was reset through an emailed link or code; every session of the user ended. */
	passwordReset?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** The email address of an account changed. */
	emailChanged?(event: { request: RequestView; user: UserView; previousEmail: string | null }): void | Promise<void>;
	/** Two-factor sign-in was turned on (after the first code). */
	twoFactorEnabled?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** Two-factor sign-in was turned off. */
	twoFactorDisabled?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** A recovery code was spent to complete a login. */
	recoveryCodeUsed?(event: { request: RequestView; user: UserView }): void | Promise<void>;
	/** A passkey was registered. */
	passkeyAdded?(event: { request: RequestView; user: UserView; passkeyId: string }): void | Promise<void>;
	/** A passkey was deleted. */
	passkeyRemoved?(event: { request: RequestView; user: UserView; passkeyId: string }): void | Promise<void>;
	/** The user re-entered the password on the `verify` route; the session is fresh again. */
	reauthenticated?(event: { request: RequestView; user: UserView }): void | Promise<void>;
}

/** Calls an event hook; a hook that throws or rejects is ignored. */
export type Emit = <K extends keyof IdentityEvents>(name: K, event: Parameters<NonNullable<IdentityEvents[K]>>[0]) => void;

export function createEmitter(events: IdentityEvents): Emit {
	return (name, event) => {
		const hook = events[name] as ((event: unknown) => unknown) | undefined;
		if (!hook) return;
		try {
			Promise.resolve(hook.call(events, event)).catch(() => {});
		} catch {
			// Hooks observe; they cannot break the request.
		}
	};
}
