import { createDefaultHasher } from "./default-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { matchStoredHash } from "./verify.js";

let defaultHasher: PasswordHasher | undefined;
const hasher = () => (defaultHasher ??= createDefaultHasher());

/**
 * A new hash of `password` with the default hasher (Argon2id, or PBKDF2-SHA256 where WebAssembly
 * is barred), NFKD-normalised first. Never peppered: use the identity's functions for that.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for a password that is empty or over 1024 UTF-8 bytes after NFKD.
 */
export function hashPassword(password: string): Promise<string> {
	return hasher().hash(password);
}

/**
 * Whether `password` matches `hash` in any supported format (Argon2, bcrypt, passlib PBKDF2 and
 * SHA-crypt, werkzeug PBKDF2 and scrypt), computed on the calling thread. No pepper, no legacy salt,
 * no timing padding (the identity's functions have those). False, never a throw, for a wrong password,
 * an empty one or one over 1024 UTF-8 bytes after NFKD, and for a malformed, unknown or refused
 * (plaintext, des_crypt, md5_crypt) hash.
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
	return (await matchStoredHash(password, hash, { hasher: hasher() })) !== "none";
}

/** Whether `hash` is outdated for the default hasher (another algorithm or weaker parameters). */
export function needsRehash(hash: string): boolean {
	return hasher().needsRehash(hash);
}
