/** The skeleton every built-in `PasswordHasher` shares: the password policy around one stored format. Internal. */
import type { PasswordHasher } from "./hasher.js";
import { assertAcceptablePassword, MAX_HASH_LENGTH, passwordCandidates } from "./policy.js";

/** What one format contributes to a hasher. */
export interface FormatHasherParts {
	/** Whether the hash is this format's (by its prefix; it may still be malformed). */
	recognizes(hash: string): boolean;
	/** A new hash of `normalized`, the NFKD form of an acceptable password. */
	hashNormalized(normalized: string): Promise<string>;
	/** Whether `password`, exactly as given, matches; may throw for a malformed hash. */
	verifyExact(password: string, hash: string): Promise<boolean>;
	/** Whether `hash` is outdated against this hasher's parameters. */
	needsRehash(hash: string): boolean;
	/** Whether this runtime can verify at all (WebAssembly for hash-wasm); default: yes. */
	available?(): boolean;
}

/**
 * A `PasswordHasher` from a format's parts, with the rules every hasher keeps: only acceptable
 * passwords (1 to 1024 UTF-8 bytes after NFKD), new hashes of the NFKD form, verification of the
 * NFKD form and then the raw one, and false (never a throw) for a malformed hash or a refused password.
 */
export function createFormatHasher(parts: FormatHasherParts): PasswordHasher {
	return {
		async hash(password) {
			assertAcceptablePassword(password);
			return parts.hashNormalized(password.normalize("NFKD"));
		},
		async verify(password, hash) {
			if (typeof hash !== "string" || hash.length > MAX_HASH_LENGTH || !parts.recognizes(hash)) return false;
			const candidates = passwordCandidates(password);
			if (candidates.length === 0 || (parts.available && !parts.available())) return false;
			try {
				for (const candidate of candidates) if (await parts.verifyExact(candidate, hash)) return true;
			} catch {
				// A hash that passed parsing but that a primitive still rejects is malformed: false.
			}
			return false;
		},
		recognizes: (hash) => typeof hash === "string" && parts.recognizes(hash),
		needsRehash: (hash) => typeof hash !== "string" || parts.needsRehash(hash)
	};
}
