import { CBORMap, decodeCBORNoLeftoverBytes, decodeCBORToNativeValue } from "@oslojs/cbor";
import { parseAuthenticatorData } from "@oslojs/webauthn";
import { constantTimeEqualBytes, sha256 } from "../bytes.js";
import type { WebAuthnFailure } from "./types.js";

/** The authenticator data fields the ceremonies use. */
export interface AuthenticatorFacts {
	userVerified: boolean;
	counter: number;
	/** Attested credential data (registration only): the credential id and the exact COSE key bytes. */
	credential: { id: Uint8Array; publicKey: Uint8Array } | null;
}

const flagUserPresent = 0x01;
const flagUserVerified = 0x04;
const flagAttestedCredential = 0x40;
const flagExtensions = 0x80;

/**
 * Parses authenticator data (WebAuthn §6.1) and checks the rp id hash, user presence and, when
 * required, user verification. Attested credential data must be present for a registration and
 * absent for an assertion; nothing may follow the parts the flags announce.
 */
export async function readAuthenticatorData(
	bytes: Uint8Array,
	expected: { rpId: string; requireUserVerification: boolean; ceremony: "registration" | "authentication" }
): Promise<AuthenticatorFacts | WebAuthnFailure> {
	let parsed: ReturnType<typeof parseAuthenticatorData>;
	try {
		parsed = parseAuthenticatorData(bytes);
	} catch {
		return "malformed_authenticator_data";
	}
	const flags = bytes[32] as number;
	const hasCredential = (flags & flagAttestedCredential) !== 0;
	if (hasCredential !== (expected.ceremony === "registration")) return expected.ceremony === "registration" ? "missing_credential" : "malformed_authenticator_data";
	let end = 37;
	let credential: AuthenticatorFacts["credential"] = null;
	if (hasCredential && parsed.credential !== null) {
		const keyStart = 55 + parsed.credential.id.byteLength;
		try {
			// The key is one CBOR item; its size tells where the extensions (if any) begin.
			const [, size] = decodeCBORToNativeValue(bytes.subarray(keyStart), 4);
			end = keyStart + size;
		} catch {
			return "invalid_public_key";
		}
		credential = { id: parsed.credential.id, publicKey: bytes.slice(keyStart, end) };
	}
	if (!trailerIsValid(bytes.subarray(end), (flags & flagExtensions) !== 0)) return "malformed_authenticator_data";
	if (!constantTimeEqualBytes(parsed.relyingPartyIdHash, await sha256(new TextEncoder().encode(expected.rpId)))) return "rp_id_mismatch";
	if ((flags & flagUserPresent) === 0) return "user_not_present";
	const userVerified = (flags & flagUserVerified) !== 0;
	if (expected.requireUserVerification && !userVerified) return "user_not_verified";
	// Read the counter ourselves: @oslojs/binary 1.0.0's uint32 is signed (2^31 and above come out negative).
	const counter = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(33, false);
	return { userVerified, counter, credential };
}

/** With the ED flag the rest is exactly one CBOR map of extension outputs; without it, nothing. */
function trailerIsValid(rest: Uint8Array, hasExtensions: boolean): boolean {
	if (!hasExtensions) return rest.byteLength === 0;
	try {
		return decodeCBORNoLeftoverBytes(rest, 4) instanceof CBORMap;
	} catch {
		return false;
	}
}
