import { decodeCBORToNativeValueNoLeftoverBytes } from "@oslojs/cbor";
import { createAssertionSignatureMessage } from "@oslojs/webauthn";
import { derToRawEcdsaSignature } from "./der.js";
import type { CredentialKey } from "./cose-key.js";
import type { WebAuthnFailure } from "./types.js";

/** The three members of an attestation object (WebAuthn §6.5). */
export interface AttestationParts {
	fmt: string;
	attStmt: Record<string, unknown>;
	authData: Uint8Array;
}

/** Decodes an attestation object: one CBOR map of `fmt`, `attStmt` and `authData`, nothing after it. */
export function decodeAttestationObject(bytes: Uint8Array): AttestationParts | null {
	let decoded: unknown;
	try {
		decoded = decodeCBORToNativeValueNoLeftoverBytes(bytes, 4);
	} catch {
		return null;
	}
	if (typeof decoded !== "object" || decoded === null) return null;
	const { fmt, attStmt, authData } = decoded as Record<string, unknown>;
	if (typeof fmt !== "string" || typeof attStmt !== "object" || attStmt === null || Array.isArray(attStmt) || !(authData instanceof Uint8Array)) return null;
	return { fmt, attStmt: attStmt as Record<string, unknown>, authData };
}

/**
 * Verifies the attestation statement. Accepted: `none` (an empty statement) and `packed`
 * self-attestation (no certificate: the credential key signs `authData || SHA-256(clientDataJSON)`).
 * Attestation that names a certificate chain is refused: this library requests none and keeps no
 * trust anchors, so it could not tell a genuine chain from a forged one.
 */
export async function verifyAttestationStatement(parts: AttestationParts, clientDataJSON: Uint8Array, credentialKey: CredentialKey): Promise<WebAuthnFailure | null> {
	const { fmt, attStmt } = parts;
	if (fmt === "none") return Object.keys(attStmt).length === 0 ? null : "invalid_attestation";
	if (fmt !== "packed") return "unsupported_attestation";
	if ("x5c" in attStmt || "ecdaaKeyId" in attStmt) return "unsupported_attestation";
	const { alg, sig } = attStmt;
	if (Object.keys(attStmt).length !== 2 || typeof alg !== "number" || !(sig instanceof Uint8Array)) return "invalid_attestation";
	if (alg !== credentialKey.algorithm) return "invalid_attestation";
	const message = createAssertionSignatureMessage(parts.authData, clientDataJSON);
	return (await verifySignature(credentialKey, sig, message)) ? null : "invalid_attestation";
}

/** Verifies a WebAuthn signature: DER ECDSA P-256 SHA-256, or RSASSA-PKCS1-v1_5 SHA-256. */
export async function verifySignature(credentialKey: CredentialKey, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
	const data = message as Uint8Array<ArrayBuffer>;
	try {
		if (credentialKey.algorithm === -7) {
			const raw = derToRawEcdsaSignature(signature);
			return raw !== null && (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, credentialKey.key, raw as Uint8Array<ArrayBuffer>, data));
		}
		return await crypto.subtle.verify("RSASSA-PKCS1-v1_5", credentialKey.key, signature as Uint8Array<ArrayBuffer>, data);
	} catch {
		return false;
	}
}
