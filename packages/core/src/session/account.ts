import { IdentityError } from "../errors.js";
import type { Emit } from "../events.js";
import { randomHex32 } from "../internal/random.js";
import type { PasswordCheck } from "../options/types.js";
import { isAcceptablePassword, type PasswordService } from "../password/index.js";
import type { IdentityStore } from "../store.js";
import type { UserRecord } from "../types.js";
import { toUserView } from "../user.js";

/** Why a new password is refused, or null: the policy every password change and registration applies. */
export type PasswordPolicy = (password: unknown, user: UserRecord | null) => Promise<string | null>;

export function createPasswordPolicy(settings: { minLength: number; check: PasswordCheck | null }): PasswordPolicy {
	return async (password, user) => {
		if (typeof password !== "string" || password.length === 0) return "A password is required.";
		if ([...password].length < settings.minLength) return `The password must have at least ${settings.minLength} characters.`;
		if (!isAcceptablePassword(password)) return "The password is too long.";
		return settings.check ? await settings.check(password, user) : null;
	};
}

/** Password changes and revocation for code that is not a route (the CLI, an admin page). */
export function createAccountActions(deps: {
	store: IdentityStore;
	passwords: PasswordService;
	policy: PasswordPolicy;
	emit: Emit;
	/** Tells the user cache (and other instances) that the user changed. */
	changed(userId: string): void;
	/** Tells the user their password changed (a `password-changed` mail, when a mailer is configured). */
	notify(user: UserRecord): void;
}) {
	const { store } = deps;
	return {
		async changePassword(user: UserRecord, newPassword: string): Promise<void> {
			const refusal = await deps.policy(newPassword, user);
			if (refusal) throw new IdentityError("ERR_WEAK_PASSWORD", refusal);
			await store.setPassword(user, await deps.passwords.hash(newPassword));
			await store.setUniquifier(user, randomHex32());
			deps.changed(user.id);
			deps.notify(user);
			deps.emit("passwordChanged", { user: toUserView(user) });
		},
		async resetUserAccess(user: UserRecord): Promise<void> {
			await store.setUniquifier(user, randomHex32());
			deps.changed(user.id);
		}
	};
}
