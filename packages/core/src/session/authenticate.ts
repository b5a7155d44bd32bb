import type { Emit } from "../events.js";
import { MAX_IDENTITY_LENGTH } from "../options/limits.js";
import type { PasswordService } from "../password/index.js";
import type { IdentityStore } from "../store.js";
import type { UserRecord } from "../types.js";
import { isActiveRecord, toUserView } from "../user.js";

/** The outcome of checking an identity and a password. */
export type AuthenticateResult =
	| { ok: true; user: UserRecord }
	| { ok: false; reason: "invalid_input" | "unknown_user" | "wrong_password" }
	| { ok: false; reason: "inactive"; user: UserRecord };

/** Checks an identity and a password against the store. */
export type Authenticate = (identity: unknown, password: unknown) => Promise<AuthenticateResult>;

/**
 * The password check. An unknown user costs the same hashing work as a wrong password (no user
 * enumeration by timing); an empty password is wrong without any work. "inactive" is only
 * reported when the password was right, as in Flask-Identity. After a success with an outdated
 * hash, the stored hash is upgraded.
 */
export function createAuthenticate(deps: { store: IdentityStore; identityField: string; passwords: PasswordService; emit: Emit }): Authenticate {
	const { store, passwords } = deps;
	return async (identity, password) => {
		if (typeof identity !== "string" || typeof password !== "string" || !identity || identity.length > MAX_IDENTITY_LENGTH) {
			return { ok: false, reason: "invalid_input" };
		}
		if (!password) return { ok: false, reason: "wrong_password" };
		const user = await store.findUser({ [deps.identityField]: identity });
		if (!user || typeof user.password !== "string") {
			await passwords.burn(password);
			return { ok: false, reason: "unknown_user" };
		}
		const result = await passwords.verify(password, user.password);
		if (!result.ok) return { ok: false, reason: "wrong_password" };
		if (!isActiveRecord(user)) return { ok: false, reason: "inactive", user };
		if (result.needsRehash) {
			try {
				const hash = await passwords.hash(password);
				await store.setPassword(user, hash);
				user.password = hash;
				deps.emit("passwordRehashed", { user: toUserView(user) });
			} catch {
				// An upgrade that fails must not fail the login; it is retried at the next one.
			}
		}
		return { ok: true, user };
	};
}
