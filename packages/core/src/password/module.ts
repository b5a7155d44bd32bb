import { createDefaultHasher } from "./default-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { verifyHash } from "./verify.js";

let defaultHasher: PasswordHasher | undefined;
const hasher = () => (defaultHasher ??= createDefaultHasher());

/**
 * A new hash of `password` with the default hasher (Argon2id, or PBKDF2-SHA256 where WebAssembly
 * is barred), NFKD-normalised first. Never peppered: use the identity's functions for that.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty password or one over 4096 characters.
 */
export function hashPassword(password: string): Promise<string> {
	return hasher().hash(password);
}

/**
 * Whether `password` matches `hash` in any supported format (Argon2, bcrypt, passlib PBKDF2 and
 * SHA-crypt, werkzeug PBKDF2 and scrypt). No pepper, no legacy salt. False, never a throw, for a
 * wrong password, an empty one, a malformed, unknown or refused (plaintext, des_crypt, md5_crypt) hash.
 */
export function verifyPassword(password: string, hash: string): Promise<boolean> {
	return verifyHash(password, hash, { hasher: hasher() });
}

/** Whether `hash` is outdated for the default hasher (another algorithm or weaker parameters). */
export function needsRehash(hash: string): boolean {
	return hasher().needsRehash(hash);
}
