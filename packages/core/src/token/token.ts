import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { createLRUCache } from "../internal/lru.js";
import { nowSeconds, parseClaims, type TokenClaims } from "./claims.js";
import { hmacSha256, verifyHmacSha256 } from "./hmac.js";
import type { PurposeKeys, TokenPurpose } from "./keys.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Signs and verifies credentials of every purpose with one set of keys. */
export interface TokenCodec {
	sign(purpose: TokenPurpose, claims: TokenClaims): Promise<string>;
	/** The claims of a valid, unexpired credential of this purpose, else null. Never throws. */
	verify(purpose: TokenPurpose, token: string): Promise<TokenClaims | null>;
	/**
	 * The claims of a credential of this purpose already verified (and still unexpired), else
	 * undefined: synchronous, for the guards' cached path; `verify` decides everything else.
	 */
	peek(purpose: TokenPurpose, token: string): TokenClaims | undefined;
}

/**
 * Credentials are `base64url(JSON claims).base64url(HMAC-SHA256)`. Repeat requests with the same
 * credential skip the signature check through a bounded cache of already-verified strings; expiry is
 * re-checked on every hit, and revocation is exact because the user's uniquifier is compared with the
 * store's on every request.
 */
export function createTokenCodec(keys: PurposeKeys, options: { maxLength: number; cacheSize?: number }): TokenCodec {
	// Keyed by the credential's signature segment (43 characters: the Map hashes a fresh key string
	// on every request, and a whole credential is several hundred); a hit counts only when the whole
	// credential matches, and only for the purpose it was verified for (each purpose has its own key).
	const verified = createLRUCache<{ token: string; purpose: TokenPurpose; claims: TokenClaims }>(options.cacheSize ?? 10_000);
	// indexOf, not lastIndexOf (a runtime call on a string sliced from the Cookie header): a
	// credential with more dots never verifies, so it is never cached, and the key only picks the entry.
	const keyOf = (token: string): string => token.slice(token.indexOf(".") + 1);
	const cachedClaims = (purpose: TokenPurpose, token: string): TokenClaims | undefined => {
		const entry = verified.get(keyOf(token));
		return entry !== undefined && entry.token === token && entry.purpose === purpose ? entry.claims : undefined;
	};

	async function verifyUncached(purpose: TokenPurpose, token: string): Promise<TokenClaims | null> {
		const dot = token.indexOf(".");
		if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
		const payloadPart = token.slice(0, dot);
		const signaturePart = token.slice(dot + 1);
		let payload: Uint8Array;
		let signature: Uint8Array;
		try {
			payload = decodeBase64urlIgnorePadding(payloadPart);
			signature = decodeBase64urlIgnorePadding(signaturePart);
		} catch {
			return null;
		}
		if (signature.length !== 32) return null;
		// Only the canonical string we issued: padding, a trailing "=" or non-zero spare bits in the
		// last character decode to the same bytes, and must not pass as the same credential.
		if (encodeBase64urlNoPadding(payload) !== payloadPart || encodeBase64urlNoPadding(signature) !== signaturePart) return null;
		let valid = false;
		for (const key of await keys(purpose)) {
			if (await verifyHmacSha256(key, payload, signature)) {
				valid = true;
				break;
			}
		}
		if (!valid) return null;
		try {
			return parseClaims(JSON.parse(decoder.decode(payload)));
		} catch {
			return null;
		}
	}

	return {
		async sign(purpose, claims) {
			const payload = encoder.encode(JSON.stringify(claims));
			const [key] = await keys(purpose);
			const signature = await hmacSha256(key!, payload);
			return `${encodeBase64urlNoPadding(payload)}.${encodeBase64urlNoPadding(signature)}`;
		},
		peek(purpose, token) {
			if (token.length > options.maxLength) return undefined;
			const claims = cachedClaims(purpose, token);
			return claims && claims.exp > nowSeconds() ? claims : undefined;
		},
		async verify(purpose, token) {
			if (typeof token !== "string" || token.length === 0 || token.length > options.maxLength) return null;
			const cached = cachedClaims(purpose, token);
			if (cached) {
				if (cached.exp > nowSeconds()) return cached;
				// The entry under this key is this credential's (cachedClaims matched the whole string).
				verified.delete(keyOf(token));
				return null;
			}
			const claims = await verifyUncached(purpose, token);
			if (!claims || claims.exp <= nowSeconds()) return null;
			verified.set(keyOf(token), { token, purpose, claims });
			return claims;
		}
	};
}
