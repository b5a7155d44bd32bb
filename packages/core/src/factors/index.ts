// The second-factor and passkey building blocks. Re-exports only; `src/index.ts` picks the public ones.
export { createTotpSecret, decodeTotpSecret, encodeTotpSecret, matchTotp, totpStep, totpUrl, TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_SECRET_BYTES } from "./totp.js";
export type { TotpUrlParts } from "./totp.js";
export { qrSvg } from "./qr/svg.js";
export type { QrSvgOptions } from "./qr/svg.js";
export type { QrErrorCorrection } from "./qr/tables.js";
export { createSecretBox } from "./secret-box.js";
export type { SecretBox } from "./secret-box.js";
export { createRecoveryCodes, hashRecoveryCode, readRecoveryCode } from "./recovery-codes.js";
export { authenticationOptions, createWebAuthnChallenge, registrationOptions, MIN_WEBAUTHN_CHALLENGE_BYTES, WEBAUTHN_CHALLENGE_BYTES } from "./webauthn/options.js";
export type { AuthenticationOptionsInput, RegistrationOptionsInput } from "./webauthn/options.js";
export { verifyRegistration } from "./webauthn/registration.js";
export type { RegistrationExpectations } from "./webauthn/registration.js";
export { verifyAuthentication } from "./webauthn/authentication.js";
export type { AuthenticationExpectations } from "./webauthn/authentication.js";
export type { CeremonyExpectations } from "./webauthn/expected.js";
export { readCredentialId } from "./webauthn/response.js";
export { webAuthnLimits } from "./webauthn/limits.js";
export type {
	AuthenticationResponseJSON,
	AuthenticationVerification,
	PasskeyAlgorithm,
	PublicKeyCredentialCreationOptionsJSON,
	PublicKeyCredentialRequestOptionsJSON,
	RegisteredCredential,
	RegistrationResponseJSON,
	RegistrationVerification,
	WebAuthnFailure
} from "./webauthn/types.js";
