import { IdentityError } from "../../errors.js";
import { decodeBase64urlStrict, encodeBase64url } from "../bytes.js";
import { webAuthnLimits } from "./limits.js";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "./types.js";

/** The byte length of {@link createWebAuthnChallenge} (WebAuthn asks for at least 16). */
export const WEBAUTHN_CHALLENGE_BYTES = 32;
/** The smallest challenge the options and verify functions accept. */
export const MIN_WEBAUTHN_CHALLENGE_BYTES = 16;
const defaultTimeoutSeconds = 300;

/** A new random ceremony challenge: 32 bytes. Keep it server-side, single use, bound to the ceremony. */
export function createWebAuthnChallenge(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(WEBAUTHN_CHALLENGE_BYTES));
}

/** What {@link registrationOptions} needs. */
export interface RegistrationOptionsInput {
	rpId: string;
	rpName: string;
	user: {
		/** The opaque user handle (1 to 64 bytes, never an email or name): bytes, or their base64url. */
		id: Uint8Array | string;
		name: string;
		displayName: string;
	};
	challenge: Uint8Array;
	/** The user's existing credential ids (base64url), so an authenticator is not registered twice. */
	excludeCredentialIds?: readonly string[];
	/** Default 300 (the challenge's lifetime). */
	timeoutSeconds?: number;
}

/**
 * The options for `navigator.credentials.create()`, as JSON: ES256 and RS256, a discoverable
 * credential preferred, user verification preferred, no attestation.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty rp id or name, a user handle that is not
 * 1 to 64 bytes, a challenge under 16 bytes, or an excluded id that is not base64url.
 */
export function registrationOptions(input: RegistrationOptionsInput): PublicKeyCredentialCreationOptionsJSON {
	const { rpId, rpName, user, challenge, excludeCredentialIds = [], timeoutSeconds = defaultTimeoutSeconds } = input;
	requireText(rpId, "rp id");
	requireText(rpName, "rp name");
	if (typeof user !== "object" || user === null) throw invalid("Invalid user: expected { id, name, displayName }");
	requireText(user.name, "user name");
	requireText(user.displayName, "user display name");
	const handle = typeof user.id === "string" ? decodeBase64urlStrict(user.id) : user.id;
	if (!(handle instanceof Uint8Array) || handle.byteLength < 1 || handle.byteLength > webAuthnLimits.userHandleBytes) {
		throw invalid("Invalid user id: expected 1 to 64 bytes, or their base64url");
	}
	if (!Array.isArray(excludeCredentialIds)) throw invalid("Invalid excluded credential ids: expected an array");
	for (const id of excludeCredentialIds) {
		if (typeof id !== "string" || (decodeBase64urlStrict(id)?.byteLength ?? 0) === 0) throw invalid("Invalid excluded credential id: expected base64url");
	}
	return {
		rp: { id: rpId, name: rpName },
		user: { id: encodeBase64url(handle), name: user.name, displayName: user.displayName },
		challenge: encodeChallenge(challenge),
		pubKeyCredParams: [
			{ type: "public-key", alg: -7 },
			{ type: "public-key", alg: -257 }
		],
		timeout: timeoutMs(timeoutSeconds),
		excludeCredentials: excludeCredentialIds.map((id) => ({ type: "public-key", id })),
		authenticatorSelection: { residentKey: "preferred", requireResidentKey: false, userVerification: "preferred" },
		attestation: "none"
	};
}

/** What {@link authenticationOptions} needs. */
export interface AuthenticationOptionsInput {
	rpId: string;
	challenge: Uint8Array;
	/** Default 300 (the challenge's lifetime). */
	timeoutSeconds?: number;
}

/**
 * The options for `navigator.credentials.get()`, as JSON: user verification required and no
 * `allowCredentials`, so discoverable credentials (passkeys) sign in without a username.
 *
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for an empty rp id or a challenge under 16 bytes.
 */
export function authenticationOptions(input: AuthenticationOptionsInput): PublicKeyCredentialRequestOptionsJSON {
	const { rpId, challenge, timeoutSeconds = defaultTimeoutSeconds } = input;
	requireText(rpId, "rp id");
	return { challenge: encodeChallenge(challenge), rpId, timeout: timeoutMs(timeoutSeconds), userVerification: "required", allowCredentials: [] };
}

/** @throws IdentityError `ERR_INVALID_ARGUMENT` unless `challenge` is at least 16 bytes. */
export function requireChallenge(challenge: Uint8Array): void {
	if (!(challenge instanceof Uint8Array) || challenge.byteLength < MIN_WEBAUTHN_CHALLENGE_BYTES) {
		throw invalid("Invalid challenge: expected at least 16 random bytes");
	}
}

function encodeChallenge(challenge: Uint8Array): string {
	requireChallenge(challenge);
	return encodeBase64url(challenge);
}

function timeoutMs(seconds: number): number {
	if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) throw invalid("Invalid timeout: expected whole seconds from 1 to 3600");
	return seconds * 1000;
}

function requireText(value: unknown, what: string): void {
	if (typeof value !== "string" || value === "") throw invalid(`Invalid ${what}: expected a non-empty string`);
}

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}
