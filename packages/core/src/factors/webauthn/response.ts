import { decodeBase64urlStrict } from "../bytes.js";
import { base64urlLength, webAuthnLimits } from "./limits.js";
import type { WebAuthnFailure } from "./types.js";

/** The decoded fields of a registration response. */
export interface RegistrationFields {
	id: string;
	rawId: Uint8Array;
	clientDataJSON: Uint8Array;
	attestationObject: Uint8Array;
	transports: string[];
}

/** The decoded fields of an authentication response. */
export interface AuthenticationFields {
	id: string;
	rawId: Uint8Array;
	clientDataJSON: Uint8Array;
	authenticatorData: Uint8Array;
	signature: Uint8Array;
	userHandle: Uint8Array | null;
}

const knownTransports = new Set(["usb", "nfc", "ble", "smart-card", "hybrid", "internal"]);

type Fields<T> = T | WebAuthnFailure;

/**
 * The credential id (base64url) a registration or authentication response names, or null when the
 * response is not shaped like one. Use it to find the stored passkey before verifying.
 */
export function readCredentialId(responseJSON: unknown): string | null {
	try {
		const common = readCommon(responseJSON);
		return typeof common === "string" ? null : common.id;
	} catch {
		return null;
	}
}

/** Reads and bounds the fields of a `RegistrationResponseJSON`; never throws. */
export function readRegistrationFields(responseJSON: unknown): Fields<RegistrationFields> {
	const common = readCommon(responseJSON);
	if (typeof common === "string") return common;
	const { id, rawId, response } = common;
	const clientDataJSON = readBytes(response.clientDataJSON, webAuthnLimits.clientDataJSONBytes);
	if (typeof clientDataJSON === "string") return clientDataJSON;
	const attestationObject = readBytes(response.attestationObject, webAuthnLimits.attestationObjectBytes);
	if (typeof attestationObject === "string") return attestationObject;
	const transports = Array.isArray(response.transports) ? response.transports.slice(0, 16).filter((t): t is string => typeof t === "string" && knownTransports.has(t)) : [];
	return { id, rawId, clientDataJSON, attestationObject, transports: [...new Set(transports)] };
}

/** Reads and bounds the fields of an `AuthenticationResponseJSON`; never throws. */
export function readAuthenticationFields(responseJSON: unknown): Fields<AuthenticationFields> {
	const common = readCommon(responseJSON);
	if (typeof common === "string") return common;
	const { id, rawId, response } = common;
	const clientDataJSON = readBytes(response.clientDataJSON, webAuthnLimits.clientDataJSONBytes);
	if (typeof clientDataJSON === "string") return clientDataJSON;
	const authenticatorData = readBytes(response.authenticatorData, webAuthnLimits.authenticatorDataBytes);
	if (typeof authenticatorData === "string") return authenticatorData;
	const signature = readBytes(response.signature, webAuthnLimits.signatureBytes);
	if (typeof signature === "string") return signature;
	let userHandle: Uint8Array | null = null;
	if (response.userHandle !== undefined && response.userHandle !== null && response.userHandle !== "") {
		const handle = readBytes(response.userHandle, webAuthnLimits.userHandleBytes);
		if (typeof handle === "string") return "malformed_response";
		userHandle = handle;
	}
	return { id, rawId, clientDataJSON, authenticatorData, signature, userHandle };
}

function readCommon(responseJSON: unknown): Fields<{ id: string; rawId: Uint8Array; response: Record<string, unknown> }> {
	if (!isRecord(responseJSON)) return "malformed_response";
	const { id, rawId, type, response } = responseJSON;
	if (type !== "public-key" || typeof id !== "string" || id !== rawId || !isRecord(response)) return "malformed_response";
	if (id.length > base64urlLength(webAuthnLimits.credentialIdBytes)) return "credential_id_too_long";
	const bytes = decodeBase64urlStrict(id);
	if (bytes === null || bytes.byteLength === 0) return "malformed_response";
	if (bytes.byteLength > webAuthnLimits.credentialIdBytes) return "credential_id_too_long";
	return { id, rawId: bytes, response };
}

function readBytes(value: unknown, maxBytes: number): Fields<Uint8Array> {
	if (typeof value !== "string" || value === "") return "malformed_response";
	if (value.length > base64urlLength(maxBytes)) return "too_large";
	const bytes = decodeBase64urlStrict(value);
	if (bytes === null) return "malformed_response";
	return bytes.byteLength > maxBytes ? "too_large" : bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
