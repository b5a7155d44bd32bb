export { createIdentity } from "./identity.js";
export type { Identity, LoginOptions, Guarded } from "./identity-api.js";
export type {
	IdentityOptions,
	Pepper,
	TemplateRender,
	LoginViewContext,
	FailureHandler
} from "./options.js";
export { defaults, defaultAnonymousUser } from "./options.js";
export type {
	IdentityStore,
	UserQuery,
	RoleQuery,
	UserRef,
	RoleRef,
	NewUser,
	AttemptCounter
} from "./store.js";
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
	RoleRecord
} from "./types.js";
export type { IdentityEvents, LoginFailureReason } from "./events.js";
export {
	IdentityError,
	InvalidOptionsError,
	StoreError,
	AuthenticationError,
	AuthorizationError,
	isIdentityError
} from "./errors.js";
export type { IdentityErrorCode } from "./errors.js";
export { createMemoryStore } from "./memory-store.js";
export { hasRoles } from "./user.js";
export { safeRedirectPath, isSafeRedirectPath } from "./redirect.js";
export { parseCookies, readCookie, serializeCookie } from "./cookie.js";
export type { CookieAttributes } from "./cookie.js";
export type { PasswordHasher } from "./password/hasher.js";
export {
	hashPassword,
	verifyPassword,
	needsRehash,
	createArgon2idHasher,
	createPbkdf2Hasher,
	createDefaultHasher,
	createPasswordService,
	DEFAULT_ARGON2ID_PARAMS,
	DEFAULT_PBKDF2_ITERATIONS,
	WORKERD_PBKDF2_ITERATIONS
} from "./password/index.js";
export type {
	Argon2idHasherOptions,
	Argon2Params,
	Pbkdf2HasherOptions,
	PasswordService,
	PasswordServiceOptions,
	PasswordVerification
} from "./password/index.js";
