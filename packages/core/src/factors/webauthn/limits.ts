/** Size limits on what a client may send; beyond them a response is refused before it is decoded. */
export const webAuthnLimits = {
	clientDataJSONBytes: 8 * 1024,
	attestationObjectBytes: 64 * 1024,
	authenticatorDataBytes: 16 * 1024,
	/** An RSA-4096 signature is 512 bytes; a DER ECDSA P-256 one at most 72. */
	signatureBytes: 1024,
	/** WebAuthn: credential ids are at most 1023 bytes. */
	credentialIdBytes: 1023,
	/** WebAuthn: user handles are at most 64 bytes. */
	userHandleBytes: 64
} as const;

/** The base64url length of `bytes` bytes, unpadded. */
export function base64urlLength(bytes: number): number {
	return Math.ceil((bytes * 4) / 3);
}
