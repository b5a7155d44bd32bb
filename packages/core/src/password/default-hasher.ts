import { createArgon2idHasher } from "./argon2id-hasher.js";
import type { PasswordHasher } from "./hasher.js";
import { createPbkdf2Hasher, WORKERD_PBKDF2_ITERATIONS } from "./pbkdf2-hasher.js";
import { canCompileWasm } from "./wasm.js";

/**
 * The default `PasswordHasher`: Argon2id (`createArgon2idHasher()` defaults) where WebAssembly can
 * be compiled, and PBKDF2-SHA256 with `WORKERD_PBKDF2_ITERATIONS` (100,000, the most workerd's
 * WebCrypto allows) where it cannot (Cloudflare workerd). The choice is made once, on first use,
 * by compiling an 8-byte WASM module; no Node API is involved. PBKDF2 hashes verify on every
 * runtime; Argon2id (and bcrypt, scrypt) hashes only where WebAssembly compiles.
 */
export function createDefaultHasher(): PasswordHasher {
	let chosen: PasswordHasher | undefined;
	const pick = () => (chosen ??= canCompileWasm() ? createArgon2idHasher() : createPbkdf2Hasher({ iterations: WORKERD_PBKDF2_ITERATIONS }));
	return {
		hash: (password) => pick().hash(password),
		verify: (password, hash) => pick().verify(password, hash),
		recognizes: (hash) => pick().recognizes(hash),
		needsRehash: (hash) => pick().needsRehash(hash)
	};
}
