import type { CurrentUser, UserRecord } from "./types.js";

/** Why a login failed. */
export type LoginFailureReason = "unknown_user" | "wrong_password" | "inactive" | "rate_limited" | "invalid_input";

/**
 * Typed hooks, called after the fact. They never receive passwords, hashes or raw tokens.
 * A hook that throws is ignored (it cannot break a login).
 */
export interface IdentityEvents {
	loginSucceeded?(event: { request: Request; user: UserRecord; remember: boolean }): void | Promise<void>;
	loginFailed?(event: { request: Request; identity: string | null; reason: LoginFailureReason }): void | Promise<void>;
	loggedOut?(event: { request: Request; user: CurrentUser }): void | Promise<void>;
	tokenIssued?(event: { user: UserRecord; kind: "session" | "remember" | "bearer"; expiresAt: Date }): void | Promise<void>;
	lockedOut?(event: { request: Request; key: "identity" | "address"; retryAfterSeconds: number }): void | Promise<void>;
	passwordRehashed?(event: { user: UserRecord }): void | Promise<void>;
}
