/**
 * The hashing port. The default hasher is argon2id on hash-wasm (PBKDF2-SHA256 on WebCrypto where
 * WASM compilation is barred); `Bun.password`, a native binding or a worker pool plug in here.
 */
export interface PasswordHasher {
	/** A self-describing hash (PHC string) of `password`. */
	hash(password: string): Promise<string>;
	/** Whether `password` matches a hash this hasher produced. Never throws for a malformed hash: false. */
	verify(password: string, hash: string): Promise<boolean>;
	/** Whether this hasher can verify the hash (by its prefix). */
	recognizes(hash: string): boolean;
	/** Whether the hash was made with another algorithm or weaker parameters than this hasher's. */
	needsRehash(hash: string): boolean;
	/**
	 * Optional: whether `password` matches `hash` in any format core verifies (what `verifyPassword`
	 * accepts: bcrypt, scrypt, PBKDF2, SHA-crypt, Argon2), with the work done off the calling thread.
	 * When present, the password service sends here every hash that `recognizes` rejects, instead of
	 * verifying it inline on the event loop. Same rules as `verifyPassword`: the NFKD form, then the
	 * raw one; false, never a throw, for a refused password or a malformed, unknown or refused hash.
	 */
	verifyForeign?(password: string, hash: string): Promise<boolean>;
}
