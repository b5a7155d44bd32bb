/** Verification against every supported stored-hash format. Internal. */
import { isHasherFailure } from "../errors.js";
import { isArgon2Hash, verifyArgon2 } from "./formats/argon2.js";
import { isBcryptHash, verifyBcrypt } from "./formats/bcrypt.js";
import { isPasslibPbkdf2Hash, verifyPasslibPbkdf2 } from "./formats/passlib-pbkdf2.js";
import { isShaCryptHash, verifyShaCrypt } from "./formats/sha-crypt.js";
import { isWerkzeugHash, verifyWerkzeug } from "./formats/werkzeug.js";
import type { PasswordHasher } from "./hasher.js";
import { legacySaltedPassword } from "./legacy-salt.js";
import { MAX_HASH_LENGTH, passwordCandidates } from "./policy.js";
import { canCompileWasm } from "./wasm.js";

interface Format {
	is(hash: string): boolean;
	verify(password: string, hash: string): Promise<boolean>;
	needsWasm(hash: string): boolean;
}

// Plaintext, des_crypt, md5_crypt ($1$), werkzeug "plain"/salted-digest and anything else are absent: refused.
const FORMATS: readonly Format[] = [
	{ is: isArgon2Hash, verify: (pw, hash) => verifyArgon2(pw, hash), needsWasm: () => true },
	{ is: isBcryptHash, verify: verifyBcrypt, needsWasm: () => true },
	{ is: isPasslibPbkdf2Hash, verify: verifyPasslibPbkdf2, needsWasm: () => false },
	{ is: isWerkzeugHash, verify: verifyWerkzeug, needsWasm: (hash) => hash.startsWith("scrypt") },
	{ is: isShaCryptHash, verify: (pw, hash) => verifyShaCrypt(pw, hash), needsWasm: () => false }
];

/** Whether some built-in format recognises `hash` (by its prefix; it may still be malformed). */
export function isSupportedHash(hash: string): boolean {
	return FORMATS.some((f) => f.is(hash));
}

/**
 * Whether `password` (its NFKD form, then the raw one) matches `hash` in a built-in format, computed
 * here, on the calling thread. False for a refused password or a malformed, unknown or refused hash.
 */
export async function verifyBuiltInFormat(password: string, hash: string): Promise<boolean> {
	const format = FORMATS.find((f) => f.is(hash));
	if (!format || (format.needsWasm(hash) && !canCompileWasm())) return false;
	for (const candidate of passwordCandidates(password)) if (await format.verify(candidate, hash)) return true;
	return false;
}

/** How a password matched a stored hash: not at all, as it is, or only through the legacy salt. */
export type HashMatch = "none" | "plain" | "legacy-salt";

/** Who checks a stored hash: the hasher for its own, its off-thread path or the built-in formats for the rest. */
function verifierFor(hasher: PasswordHasher, hash: string): ((input: string) => Promise<boolean>) | null {
	if (hasher.recognizes(hash)) return (input) => hasher.verify(input, hash);
	if (!isSupportedHash(hash)) return null;
	const { verifyForeign } = hasher;
	if (verifyForeign) return (input) => verifyForeign.call(hasher, input, hash);
	return (input) => verifyBuiltInFormat(input, hash);
}

/**
 * How `password` matches `hash` in any supported format. `hasher` handles the hashes it recognises;
 * the others go to `hasher.verifyForeign` when it has one (a worker pool), else to the built-in
 * formats on this thread. With `legacySalt`, the salted forms (of the NFKD and raw passwords) are
 * tried first. A refused password or a malformed, hostile, unknown or refused hash is "none".
 * @throws IdentityError `ERR_HASHER` only when the hasher itself cannot run (a dead worker).
 */
export async function matchStoredHash(
	password: string,
	hash: string,
	options: { hasher: PasswordHasher; legacySalt?: string | null }
): Promise<HashMatch> {
	const candidates = passwordCandidates(password);
	if (candidates.length === 0 || typeof hash !== "string" || hash.length === 0 || hash.length > MAX_HASH_LENGTH) return "none";
	const { hasher, legacySalt } = options;
	try {
		const check = verifierFor(hasher, hash);
		if (!check) return "none";
		if (legacySalt) for (const candidate of candidates) if (await check(await legacySaltedPassword(legacySalt, candidate))) return "legacy-salt";
		if (await check(password)) return "plain";
	} catch (error) {
		if (isHasherFailure(error)) throw error; // an outage, not a mismatch
		// A hash that parsed but that a primitive still rejected is malformed: "none".
	}
	return "none";
}
