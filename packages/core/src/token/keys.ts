import { hmacSha256, importHmacKey } from "./hmac.js";

/** What a credential is for. A credential of one purpose is rejected by every other verifier. */
export type TokenPurpose = "session" | "remember" | "bearer" | "csrf" | "device" | "confirm" | "reset" | "change-email" | "two-factor-setup" | "two-factor-pending";

/** The signing keys of every purpose: `[0]` signs, all verify (secret rotation). */
export type PurposeKeys = (purpose: TokenPurpose) => Promise<readonly CryptoKey[]>;

const encoder = new TextEncoder();

/**
 * Derives one HMAC key per purpose and secret: key = HMAC-SHA256(secret, "@identity/core:v1:<purpose>")
 * (an HKDF-Expand step; secrets are >= 32 bytes already). Domain separation is what stops a CSRF token
 * from passing as a session (CVE-2023-48309 in Auth.js). Keys are imported once and cached.
 */
export function createPurposeKeys(secrets: readonly string[]): PurposeKeys {
	const cache = new Map<TokenPurpose, Promise<readonly CryptoKey[]>>();
	return (purpose) => {
		let keys = cache.get(purpose);
		if (!keys) {
			keys = Promise.all(
				secrets.map(async (secret) => {
					const master = await importHmacKey(encoder.encode(secret));
					return importHmacKey(await hmacSha256(master, `@identity/core:v1:${purpose}`));
				})
			);
			cache.set(purpose, keys);
		}
		return keys;
	};
}
