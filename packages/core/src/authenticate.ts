import type { Engine } from "./engine.js";
import { isActiveRecord, toAuthenticatedUser } from "./user.js";
import type { UserRecord } from "./types.js";

/** The outcome of checking an identity and a password. */
export type AuthenticateResult =
	| { ok: true; user: UserRecord }
	| { ok: false; reason: "invalid_input" | "unknown_user" | "wrong_password" }
	| { ok: false; reason: "inactive"; user: UserRecord };

const MAX_IDENTITY_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 4096;

/**
 * Checks credentials. An unknown user costs the same hashing work as a wrong password (no user
 * enumeration by timing). After a success with an outdated hash, the stored hash is upgraded.
 * "inactive" is only reported when the password was right, as in the seed.
 */
export async function authenticate(engine: Engine, identity: unknown, password: unknown): Promise<AuthenticateResult> {
	if (typeof identity !== "string" || typeof password !== "string") return { ok: false, reason: "invalid_input" };
	if (!identity || !password || identity.length > MAX_IDENTITY_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
		return { ok: false, reason: "invalid_input" };
	}
	const { store } = engine.options;
	const user = await store.findUser({ [engine.options.identityField]: identity });
	if (!user || typeof user.password !== "string") {
		await engine.passwords.burn(password);
		return { ok: false, reason: "unknown_user" };
	}
	const result = await engine.passwords.verify(password, user.password);
	if (!result.ok) return { ok: false, reason: "wrong_password" };
	if (!isActiveRecord(user)) return { ok: false, reason: "inactive", user };
	if (result.needsRehash) {
		try {
			const hash = await engine.passwords.hash(password);
			await store.setPassword(user, hash);
			user.password = hash;
			engine.emit("passwordRehashed", { user: toAuthenticatedUser(user) });
		} catch {
			// An upgrade that fails must not fail the login; it is retried at the next one.
		}
	}
	return { ok: true, user };
}
