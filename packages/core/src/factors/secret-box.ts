import { IdentityError } from "../errors.js";
import { decodeBase64urlStrict, encodeBase64url } from "./bytes.js";

/** Encrypts short secrets (TOTP keys) for storage, under keys derived from the identity's secrets. */
export interface SecretBox {
	/**
	 * Encrypts `plaintext` under the first secret: `v1.<key id>.<iv>.<ciphertext>` (base64url parts).
	 * `context` (for example the user id) is authenticated but not stored: `open` must pass the same
	 * one, so a sealed value copied to another row does not open there.
	 */
	seal(plaintext: string, context?: string): Promise<string>;
	/** Decrypts with whichever configured secret sealed it; null for anything tampered, truncated, foreign or malformed. Never throws. */
	open(sealed: string, context?: string): Promise<string | null>;
}

const version = "v1";
const keyLabel = "@identity/core:v1:secret-box";
const keyIdLabel = "@identity/core:v1:secret-box:key-id";
const ivBytes = 12;
const tagBytes = 16;
const keyIdBytes = 6;
/** Far above any TOTP secret; bounds the work `open` does on hostile input. */
const maxSealedLength = 8192;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

interface BoxKey {
	id: string;
	key: CryptoKey;
}

/**
 * A secret box over the identity's secrets: AES-256-GCM with a random 12-byte IV per seal, the key
 * derived from each secret with HKDF-SHA-256 (info `@identity/core:v1:secret-box`). The first secret
 * seals; every secret opens (rotation: put the new secret first, keep the old ones until the data
 * is re-sealed). The key id in the output is derived from the secret too (it names the key without
 * revealing anything about it).
 *
 * @param secrets The identity's secrets, each at least 32 bytes, the current one first.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty list or a secret shorter than 32 bytes.
 */
export function createSecretBox(secrets: readonly string[]): SecretBox {
	if (!Array.isArray(secrets) || secrets.length === 0) throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid secrets: expected a non-empty array");
	for (const secret of secrets) {
		if (typeof secret !== "string" || encoder.encode(secret).byteLength < 32) {
			throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid secret: expected a string of at least 32 bytes");
		}
	}
	const list = [...secrets];
	let derived: Promise<BoxKey[]> | undefined;
	const keys = (): Promise<BoxKey[]> => (derived ??= Promise.all(list.map(deriveBoxKey)));

	return {
		async seal(plaintext, context = "") {
			if (typeof plaintext !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid plaintext: expected a string");
			if (typeof context !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid context: expected a string");
			const [current] = await keys();
			const { id, key } = current as BoxKey;
			const iv = crypto.getRandomValues(new Uint8Array(ivBytes));
			const header = `${version}.${id}`;
			const ciphertext = await crypto.subtle.encrypt(
				{ name: "AES-GCM", iv, additionalData: additionalData(header, context) },
				key,
				encoder.encode(plaintext)
			);
			return `${header}.${encodeBase64url(iv)}.${encodeBase64url(new Uint8Array(ciphertext))}`;
		},
		async open(sealed, context = "") {
			try {
				if (typeof sealed !== "string" || typeof context !== "string" || sealed.length > maxSealedLength) return null;
				const parts = sealed.split(".");
				if (parts.length !== 4 || parts[0] !== version) return null;
				const [, id = "", ivText = "", ciphertextText = ""] = parts;
				const iv = decodeBase64urlStrict(ivText);
				const ciphertext = decodeBase64urlStrict(ciphertextText);
				if (iv?.byteLength !== ivBytes || ciphertext === null || ciphertext.byteLength < tagBytes) return null;
				const header = `${version}.${id}`;
				for (const candidate of await keys()) {
					if (candidate.id !== id) continue;
					const plaintext = await decrypt(candidate.key, iv, ciphertext, additionalData(header, context));
					if (plaintext !== null) return plaintext;
				}
				return null;
			} catch {
				return null;
			}
		}
	};
}

async function deriveBoxKey(secret: string): Promise<BoxKey> {
	const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey", "deriveBits"]);
	const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(info) });
	const key = await crypto.subtle.deriveKey(hkdf(keyLabel), material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
	const idBits = await crypto.subtle.deriveBits(hkdf(keyIdLabel), material, keyIdBytes * 8);
	return { id: encodeBase64url(new Uint8Array(idBits)), key };
}

async function decrypt(key: CryptoKey, iv: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Promise<string | null> {
	try {
		const plaintext = await crypto.subtle.decrypt(
			{ name: "AES-GCM", iv: iv as Uint8Array<ArrayBuffer>, additionalData: aad as Uint8Array<ArrayBuffer> },
			key,
			ciphertext as Uint8Array<ArrayBuffer>
		);
		return decoder.decode(plaintext);
	} catch {
		return null;
	}
}

/** The header and the caller's context, length-prefixed so that no two pairs encode alike. */
function additionalData(header: string, context: string): Uint8Array<ArrayBuffer> {
	const contextBytes = encoder.encode(context);
	return encoder.encode(`${header}.${contextBytes.byteLength}.${context}`);
}
