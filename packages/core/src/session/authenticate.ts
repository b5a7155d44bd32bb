import type { Emit } from "../events.js";
import type { PasswordService } from "../password/index.js";
import type { IdentityStore } from "../store.js";
import type { UserRecord } from "../types.js";
import { toUserView } from "../user.js";

/**
 * Checks `password` against a stored user (or, for an unknown user, does the same hashing work
 * against a dummy hash, so timing does not tell them apart). After a success with an outdated hash,
 * the stored hash is upgraded; an upgrade that fails does not fail the login.
 */
export type CheckPassword = (user: UserRecord | null, password: string) => Promise<boolean>;

export function createCheckPassword(deps: { store: IdentityStore; passwords: PasswordService; emit: Emit }): CheckPassword {
	const { store, passwords } = deps;
	return async (user, password) => {
		if (!user || typeof user.password !== "string") {
			await passwords.burn(password);
			return false;
		}
		const result = await passwords.verify(password, user.password);
		if (!result.ok) return false;
		if (result.needsRehash) {
			try {
				const hash = await passwords.hash(password);
				await store.setPassword(user, hash);
				user.password = hash;
				deps.emit("passwordRehashed", { user: toUserView(user) });
			} catch {
				// Retried at the next login.
			}
		}
		return true;
	};
}
