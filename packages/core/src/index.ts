export { createIdentity } from "./identity.js";
export type { Identity, Guarded, LoginOptions, IdentityEndpoint, Authentication } from "./identity-types.js";
export { renderIdentityView } from "./routes/views.js";
export type {
	IdentityOptions,
	TemplateRender,
	ViewName,
	ViewContexts,
	ViewContextBase,
	LoginViewContext,
	VerifyViewContext,
	MessageViewContext,
	RegisterViewContext,
	ConfirmViewContext,
	RecoverViewContext,
	ResetViewContext,
	ChangePasswordViewContext,
	ChangeEmailViewContext,
	TwoFactorViewContext,
	TwoFactorSetupViewContext,
	PasskeysViewContext,
	FailureHandler,
	GuardFailure,
	ExemptResponse,
	PasswordCheck
} from "./options/types.js";
export type {
	IdentityStore,
	UserQuery,
	RoleQuery,
	UserRef,
	RoleRef,
	NewUser,
	AttemptCounter,
	TwoFactorUpdate,
	NewPasskey,
	OptionalStoreMethod,
	IdentityStoreWith
} from "./store.js";
export {
	requiredStoreMethods,
	accountFlowStoreMethods,
	twoFactorStoreMethods,
	passkeyStoreMethods,
	attemptStoreMethods,
	tokenStoreMethods,
	subscriptionStoreMethods,
	hasStoreMethods
} from "./store.js";
export { createMemoryStore } from "./memory-store.js";
export type { MemoryStoreMethods } from "./memory-store.js";
export type { Coordinator, WindowCounter } from "./coordinator.js";
export { createOutboxMailer } from "./mail/mailer.js";
export type { Mailer, MailMessage, MailKind, OutboxMailer } from "./mail/mailer.js";
export type {
	Handler,
	RoleRequirement,
	AuthMethod,
	AuthSource,
	UserFlags,
	AnonymousUser,
	AuthenticatedUser,
	CurrentUser,
	UserRecord,
	RoleRecord,
	TwoFactorState,
	PasskeyRecord
} from "./types.js";
export type { IdentityEvents, LoginFailureReason, RequestView, UserView } from "./events.js";
export { IdentityError, InvalidOptionsError, StoreError, isIdentityError } from "./errors.js";
export type { IdentityErrorCode } from "./errors.js";
export { hasRoles } from "./user.js";
export { safeRedirectPath, isSafeRedirectPath } from "./http/redirect.js";
export type { PasswordHasher } from "./password/hasher.js";
export type { Pepper } from "./password/pepper.js";
export {
	hashPassword,
	verifyPassword,
	needsRehash,
	createArgon2idHasher,
	createPbkdf2Hasher,
	createDefaultHasher,
	createPasswordService,
	WORKERD_PBKDF2_ITERATIONS,
	MAX_PASSWORD_BYTES,
	isAcceptablePassword,
	assertAcceptablePassword,
	passwordCandidates
} from "./password/index.js";
export type {
	Argon2idHasherOptions,
	Argon2Params,
	Argon2Function,
	Argon2Input,
	Pbkdf2HasherOptions,
	PasswordService,
	PasswordServiceOptions,
	PasswordVerification
} from "./password/index.js";
