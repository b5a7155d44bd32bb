import { createAssertionSignatureMessage } from "@oslojs/webauthn";
import { decodeBase64urlStrict, encodeBase64url } from "../bytes.js";
import { verifySignature } from "./attestation.js";
import { readAuthenticatorData } from "./authenticator-data.js";
import { checkClientData } from "./client-data.js";
import { importCoseKey } from "./cose-key.js";
import { invalid, requireExpectations, type CeremonyExpectations } from "./expected.js";
import { readAuthenticationFields } from "./response.js";
import type { AuthenticationVerification } from "./types.js";

/** What an authentication is checked against: the ceremony, and the stored passkey. */
export interface AuthenticationExpectations extends CeremonyExpectations {
	/** The stored COSE public key (base64url), from the registration. */
	publicKey: string;
	/** The stored COSE algorithm, from the registration. */
	algorithm: number;
	requireUserVerification: boolean;
}

/**
 * Verifies a passkey assertion (WebAuthn Level 2 §7.2): the response's shape and sizes, the client
 * data (`webauthn.get`, the challenge, an allowed origin, not cross-origin), the authenticator data
 * (rp id hash, user present, user verified when required) and the signature over
 * `authenticatorData || SHA-256(clientDataJSON)` with the stored key. It returns the new counter:
 * the caller refuses a counter that does not increase (when either is non-zero) with an atomic
 * compare-and-set. Every malformed or hostile response is `{ ok: false, reason }`, never a throw.
 *
 * @param responseJSON The `AuthenticationResponseJSON` the browser sent, as parsed JSON.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` when `expected` is wrong (misuse).
 */
export async function verifyAuthentication(responseJSON: unknown, expected: AuthenticationExpectations): Promise<AuthenticationVerification> {
	requireExpectations(expected);
	if (typeof expected.requireUserVerification !== "boolean") throw invalid("Invalid requireUserVerification: expected a boolean");
	if (typeof expected.publicKey !== "string" || typeof expected.algorithm !== "number") throw invalid("Invalid stored passkey: expected a public key and an algorithm");
	try {
		const fields = readAuthenticationFields(responseJSON);
		if (typeof fields === "string") return { ok: false, reason: fields };
		const clientDataFailure = checkClientData(fields.clientDataJSON, { type: "webauthn.get", challenge: expected.challenge, origins: expected.origins });
		if (clientDataFailure) return { ok: false, reason: clientDataFailure };
		const facts = await readAuthenticatorData(fields.authenticatorData, {
			rpId: expected.rpId,
			requireUserVerification: expected.requireUserVerification,
			ceremony: "authentication"
		});
		if (typeof facts === "string") return { ok: false, reason: facts };
		if (expected.algorithm !== -7 && expected.algorithm !== -257) return { ok: false, reason: "unsupported_algorithm" };
		const coseKey = decodeBase64urlStrict(expected.publicKey);
		if (coseKey === null) return { ok: false, reason: "invalid_public_key" };
		const key = await importCoseKey(coseKey);
		if (typeof key === "string") return { ok: false, reason: key };
		if (key.algorithm !== expected.algorithm) return { ok: false, reason: "invalid_public_key" };
		const message = createAssertionSignatureMessage(fields.authenticatorData, fields.clientDataJSON);
		if (!(await verifySignature(key, fields.signature, message))) return { ok: false, reason: "bad_signature" };
		return {
			ok: true,
			credentialId: fields.id,
			counter: facts.counter,
			userHandle: fields.userHandle && encodeBase64url(fields.userHandle),
			userVerified: facts.userVerified
		};
	} catch {
		return { ok: false, reason: "malformed_response" };
	}
}
