import { constantTimeEqualBytes, encodeBase64url } from "../bytes.js";
import { decodeAttestationObject, verifyAttestationStatement } from "./attestation.js";
import { readAuthenticatorData } from "./authenticator-data.js";
import { checkClientData } from "./client-data.js";
import { importCoseKey } from "./cose-key.js";
import { invalid, requireExpectations, type CeremonyExpectations } from "./expected.js";
import { readRegistrationFields } from "./response.js";
import type { RegistrationVerification } from "./types.js";

/** What a registration is checked against. */
export interface RegistrationExpectations extends CeremonyExpectations {
	/** Default false: the options ask for user verification as `"preferred"`. */
	requireUserVerification?: boolean;
}

/**
 * Verifies a passkey registration (WebAuthn Level 2 §7.1): the response's shape and sizes, the
 * client data (`webauthn.create`, the challenge, an allowed origin, not cross-origin), the
 * authenticator data (rp id hash, user present, user verified when required, attested credential
 * data whose id is the response's and at most 1023 bytes), an ES256 P-256 or RS256 public key,
 * and a `none` or `packed` self attestation. Every malformed or hostile response is
 * `{ ok: false, reason }`; it never throws for the response.
 *
 * @param responseJSON The `RegistrationResponseJSON` the browser sent, as parsed JSON.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` when `expected` is wrong (misuse).
 */
export async function verifyRegistration(responseJSON: unknown, expected: RegistrationExpectations): Promise<RegistrationVerification> {
	requireExpectations(expected);
	const { requireUserVerification = false } = expected;
	if (typeof requireUserVerification !== "boolean") throw invalid("Invalid requireUserVerification: expected a boolean");
	try {
		const fields = readRegistrationFields(responseJSON);
		if (typeof fields === "string") return { ok: false, reason: fields };
		const clientDataFailure = checkClientData(fields.clientDataJSON, { type: "webauthn.create", challenge: expected.challenge, origins: expected.origins });
		if (clientDataFailure) return { ok: false, reason: clientDataFailure };
		const attestation = decodeAttestationObject(fields.attestationObject);
		if (attestation === null) return { ok: false, reason: "invalid_attestation" };
		const facts = await readAuthenticatorData(attestation.authData, { rpId: expected.rpId, requireUserVerification, ceremony: "registration" });
		if (typeof facts === "string") return { ok: false, reason: facts };
		const credential = facts.credential;
		if (credential === null) return { ok: false, reason: "missing_credential" };
		if (credential.id.byteLength > 1023) return { ok: false, reason: "credential_id_too_long" };
		if (!constantTimeEqualBytes(credential.id, fields.rawId)) return { ok: false, reason: "credential_id_mismatch" };
		const key = await importCoseKey(credential.publicKey);
		if (typeof key === "string") return { ok: false, reason: key };
		const attestationFailure = await verifyAttestationStatement(attestation, fields.clientDataJSON, key);
		if (attestationFailure) return { ok: false, reason: attestationFailure };
		return {
			ok: true,
			credential: { id: fields.id, publicKey: encodeBase64url(credential.publicKey), algorithm: key.algorithm, counter: facts.counter, transports: fields.transports },
			userVerified: facts.userVerified
		};
	} catch {
		// Defence in depth: every parser above returns values, but a hostile input must never become a 500.
		return { ok: false, reason: "malformed_response" };
	}
}
