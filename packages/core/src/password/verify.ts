/** Verification against every supported stored-hash format. Internal. */
import { encodeBase64, isAcceptablePassword, passwordCandidates, utf8 } from "./bytes.js";
import { isArgon2Hash, verifyArgon2 } from "./formats/argon2.js";
import { isBcryptHash, verifyBcrypt } from "./formats/bcrypt.js";
import { isPasslibPbkdf2Hash, verifyPasslibPbkdf2 } from "./formats/passlib-pbkdf2.js";
import { isShaCryptHash, verifyShaCrypt } from "./formats/sha-crypt.js";
import { isWerkzeugHash, verifyWerkzeug } from "./formats/werkzeug.js";
import type { PasswordHasher } from "./hasher.js";
import { canCompileWasm } from "./wasm.js";

interface Format {
	is(hash: string): boolean;
	verify(password: string, hash: string): Promise<boolean>;
	needsWasm(hash: string): boolean;
}

// Plaintext, des_crypt, md5_crypt ($1$), werkzeug "plain"/salted-digest and anything else are absent: refused.
const FORMATS: readonly Format[] = [
	{ is: isArgon2Hash, verify: verifyArgon2, needsWasm: () => true },
	{ is: isBcryptHash, verify: verifyBcrypt, needsWasm: () => true },
	{ is: isPasslibPbkdf2Hash, verify: verifyPasslibPbkdf2, needsWasm: () => false },
	{ is: isWerkzeugHash, verify: verifyWerkzeug, needsWasm: (hash) => hash.startsWith("scrypt") },
	{ is: isShaCryptHash, verify: verifyShaCrypt, needsWasm: () => false }
];

/** The longest stored hash we look at; longer strings are refused without parsing. */
const MAX_HASH_LENGTH = 1024;

/** Whether some built-in format recognises `hash` (by its prefix; it may still be malformed). */
export function isSupportedHash(hash: string): boolean {
	return FORMATS.some((f) => f.is(hash));
}

/** base64(HMAC-SHA512(salt, password)): the Flask-Security / Flask-Identity pre-hash. */
export async function legacySaltedPassword(salt: string, password: string): Promise<string> {
	const key = await crypto.subtle.importKey("raw", utf8(salt), { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
	return encodeBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8(password))));
}

/**
 * Whether `password` matches `hash` in any supported format. `hasher` handles the hashes it
 * recognises (so a worker pool or `Bun.password` does that work); built-in formats handle the rest,
 * trying the NFKD form and then the raw form. With `legacySalt`, the salted forms are tried first.
 * Never throws: malformed, hostile, unknown or refused hashes give false.
 */
export async function verifyHash(
	password: string,
	hash: string,
	options: { hasher: PasswordHasher; legacySalt?: string | null }
): Promise<boolean> {
	if (!isAcceptablePassword(password) || typeof hash !== "string" || hash.length === 0 || hash.length > MAX_HASH_LENGTH) return false;
	const { hasher, legacySalt } = options;
	try {
		const salted: string[] = [];
		if (legacySalt) for (const candidate of passwordCandidates(password)) salted.push(await legacySaltedPassword(legacySalt, candidate));
		if (hasher.recognizes(hash)) {
			for (const input of [...salted, password]) if (await hasher.verify(input, hash)) return true;
			return false;
		}
		const format = FORMATS.find((f) => f.is(hash));
		if (!format || (format.needsWasm(hash) && !canCompileWasm())) return false;
		for (const input of [...salted, ...passwordCandidates(password)]) if (await format.verify(input, hash)) return true;
	} catch {
		// A hash that parsed but that a primitive still rejected is malformed: false, never a throw.
	}
	return false;
}
