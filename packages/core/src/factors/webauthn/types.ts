/** The COSE algorithms passkeys may use here: ES256 (ECDSA P-256 SHA-256) and RS256 (RSASSA-PKCS1-v1_5 SHA-256). */
export type PasskeyAlgorithm = -7 | -257;

/** What `navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })` takes (WebAuthn Level 3 JSON form). */
export interface PublicKeyCredentialCreationOptionsJSON {
	rp: { id: string; name: string };
	user: { id: string; name: string; displayName: string };
	challenge: string;
	pubKeyCredParams: { type: "public-key"; alg: PasskeyAlgorithm }[];
	timeout: number;
	excludeCredentials: { type: "public-key"; id: string }[];
	authenticatorSelection: { residentKey: "preferred"; requireResidentKey: false; userVerification: "preferred" };
	attestation: "none";
}

/** What `navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) })` takes. */
export interface PublicKeyCredentialRequestOptionsJSON {
	challenge: string;
	rpId: string;
	timeout: number;
	userVerification: "required";
	allowCredentials: { type: "public-key"; id: string }[];
}

/** `PublicKeyCredential.toJSON()` after `create()` (the fields this library reads; base64url strings). */
export interface RegistrationResponseJSON {
	id: string;
	rawId: string;
	type: "public-key";
	response: { clientDataJSON: string; attestationObject: string; transports?: string[] };
	authenticatorAttachment?: string | null;
	clientExtensionResults?: Record<string, unknown>;
}

/** `PublicKeyCredential.toJSON()` after `get()` (the fields this library reads; base64url strings). */
export interface AuthenticationResponseJSON {
	id: string;
	rawId: string;
	type: "public-key";
	response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string | null };
	authenticatorAttachment?: string | null;
	clientExtensionResults?: Record<string, unknown>;
}

/** Why a registration or an authentication response was refused. For logs and tests; show users one generic message. */
export type WebAuthnFailure =
	| "malformed_response"
	| "too_large"
	| "malformed_client_data"
	| "wrong_type"
	| "challenge_mismatch"
	| "origin_not_allowed"
	| "cross_origin"
	| "malformed_authenticator_data"
	| "rp_id_mismatch"
	| "user_not_present"
	| "user_not_verified"
	| "missing_credential"
	| "credential_id_mismatch"
	| "credential_id_too_long"
	| "unsupported_algorithm"
	| "invalid_public_key"
	| "unsupported_attestation"
	| "invalid_attestation"
	| "bad_signature";

/** A credential to store after a successful registration (the store's `NewPasskey` minus its name). */
export interface RegisteredCredential {
	/** The credential id, base64url. */
	id: string;
	/** The COSE public key, base64url: pass it back to `verifyAuthentication`. */
	publicKey: string;
	algorithm: PasskeyAlgorithm;
	/** The signature counter at registration (0 for authenticators that keep none). */
	counter: number;
	/** The authenticator's transport hints, known values only. */
	transports: string[];
}

/** The outcome of {@link verifyRegistration}. */
export type RegistrationVerification =
	| { ok: true; credential: RegisteredCredential; userVerified: boolean }
	| { ok: false; reason: WebAuthnFailure };

/** The outcome of {@link verifyAuthentication}. */
export type AuthenticationVerification =
	| {
			ok: true;
			/** The credential id the response names, base64url. */
			credentialId: string;
			/** The new signature counter: refuse the login when either it or the stored one is non-zero and it is not greater. */
			counter: number;
			/** The user handle (base64url) a discoverable credential returned, or null. */
			userHandle: string | null;
			userVerified: boolean;
	  }
	| { ok: false; reason: WebAuthnFailure };
