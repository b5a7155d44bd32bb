import type { PasskeyRecord, RoleRecord, TwoFactorState, UserRecord } from "./types.js";

/**
 * Look a user up by identity value (a string), or by `{ id }`, `{ uniquifier }`, `{ email }` or
 * `{ [identityField]: value }`. Identity values and email addresses match ignoring case (NFKC,
 * trimmed, lowercased); ids and uniquifiers match exactly. With `identityField: "email"`,
 * `{ email }` is the identity lookup.
 */
export type UserQuery = string | { id: string } | { uniquifier: string } | { email: string } | { readonly [identityField: string]: string };

/** Look a role up by name (a string), `{ name }` or `{ id }`. */
export type RoleQuery = string | { name: string } | { id: string };

/** A user argument: the record, or its identity-field value. */
export type UserRef = UserRecord | string;

/** A role argument: the record, or its name. */
export type RoleRef = RoleRecord | string;

/** What `createUser` takes. `password` must already be hashed. */
export interface NewUser {
	password: string;
	roles?: readonly RoleRef[];
	active?: boolean;
	uniquifier?: string;
	/** The email address, unique ignoring case (with `identityField: "email"` it is the identity value). */
	email?: string | null;
	/** When the email address was confirmed; default null (unconfirmed). */
	confirmedAt?: Date | null;
	/** The identity field and any extra column. */
	[field: string]: unknown;
}

/** A failure counter used by the login rate limiter. */
export interface AttemptCounter {
	count: number;
	resetAt: Date;
}

/** What `setTwoFactor` writes. */
export interface TwoFactorUpdate {
	/** The TOTP secret, opaque to the store (the identity encrypts it before it gets here). */
	secret: string;
	/** When two-factor was enabled; null while it is set up but not yet enabled. */
	enabledAt: Date | null;
	/** The last accepted TOTP step. Absent: keep the stored one (0 for a new state). */
	lastStep?: number;
	/** Keyed hashes of the recovery codes. Present: replace all of the user's codes; absent: keep them. */
	recoveryCodes?: readonly string[];
}

/** What `addPasskey` takes; the store adds `userId`, `createdAt` and `lastUsedAt: null`. */
export interface NewPasskey {
	/** The credential id, base64url (at most 1023 bytes decoded, as WebAuthn allows). */
	id: string;
	name: string;
	/** The COSE public key, base64url. */
	publicKey: string;
	/** The COSE algorithm: -7 (ES256) or -257 (RS256). */
	algorithm: number;
	/** The signature counter the authenticator reported at registration (0 when it keeps none). */
	counter: number;
	/** The authenticator's transports hints (`"usb"`, `"internal"`, `"hybrid"`, ...). Default `[]`. */
	transports?: readonly string[];
}

/**
 * The storage port. `@identity/kysely` and `createMemoryStore` implement it; any other store may.
 *
 * Every method is atomic; infrastructure failures throw `IdentityError` with code `ERR_STORE`,
 * duplicates `ERR_USER_EXISTS` / `ERR_ROLE_EXISTS`, writes to an unknown user or role
 * `ERR_USER_NOT_FOUND` / `ERR_ROLE_NOT_FOUND`, malformed arguments `ERR_INVALID_ARGUMENT`;
 * nothing is written when a call fails.
 *
 * The methods after `commit` are optional, grouped by feature (see {@link accountFlowStoreMethods},
 * {@link twoFactorStoreMethods}, {@link passkeyStoreMethods}, {@link attemptStoreMethods},
 * {@link tokenStoreMethods}): a store written for an earlier release keeps working, and
 * `createIdentity` asks for a group only when its feature is switched on. A store implements a
 * group whole or not at all.
 */
export interface IdentityStore {
	/** The name of the field users log in with (`username` or `email`, ...). */
	readonly identityField: string;
	/** One user with its role names, or null. Values no stored user can have (empty, oversized) are simply not found. */
	findUser(query: UserQuery): Promise<UserRecord | null>;
	/** One role, or null. Role names match exactly (case-sensitive). */
	findRole(query: RoleQuery): Promise<RoleRecord | null>;
	/**
	 * Creates an active user (unless `active: false`) with a random uniquifier (unless given).
	 * @throws IdentityError `ERR_USER_EXISTS` for a taken identity value or email, `ERR_ROLE_NOT_FOUND` for an unknown role.
	 */
	createUser(user: NewUser): Promise<UserRecord>;
	/** @throws IdentityError `ERR_ROLE_EXISTS` for a taken name. */
	createRole(role: { name: string; description?: string | null }): Promise<RoleRecord>;
	/** True when the link was added, false when it already existed. */
	addRoleToUser(user: UserRef, role: RoleRef): Promise<boolean>;
	/** True when the link was removed, false when there was none. */
	removeRoleFromUser(user: UserRef, role: RoleRef): Promise<boolean>;
	/** Flips `active` (rotating the uniquifier when it deactivates, as {@link deactivateUser}). Always true, as in Flask-Identity. */
	toggleActive(user: UserRef): Promise<true>;
	/**
	 * Deactivates the user and, in the same write, rotates the uniquifier: reactivating the user
	 * later does not revive the sessions, remember cookies and tokens issued before. True when
	 * something changed (false, and no rotation, when the user was already inactive).
	 */
	deactivateUser(user: UserRef): Promise<boolean>;
	/** True when something changed. Keeps the uniquifier. */
	activateUser(user: UserRef): Promise<boolean>;
	/** Sets the revocation nonce (a new random one when absent); returns the value set. */
	setUniquifier(user: UserRef, uniquifier?: string): Promise<string>;
	/** Replaces the password hash. Keeps the uniquifier (the identity rotates it on password changes; the rehash at login must not). */
	setPassword(user: UserRef, hash: string): Promise<void>;
	/** Deletes the user with its role links, two-factor state, recovery codes and passkeys; false when there was no such user. */
	deleteUser(user: UserRef): Promise<boolean>;
	/** A page of users, oldest first, with their roles (default limit 100). */
	listUsers(options?: { limit?: number; offset?: number }): Promise<UserRecord[]>;
	/** Every role, sorted by name. */
	listRoles(): Promise<RoleRecord[]>;
	/** Flask-Identity's trackable fields: last/current login time and address, login count. */
	recordLogin(user: UserRef, login: { at: Date; address: string | null }): Promise<void>;
	/** Every call is already committed; kept for Flask-Identity's datastore API. */
	commit(): Promise<void>;

	/**
	 * Account flows: sets the email address (with `identityField: "email"`, the identity value).
	 * Keeps `confirmedAt` and the uniquifier.
	 * @throws IdentityError `ERR_USER_EXISTS` when another user has it (ignoring case): nothing is written.
	 */
	setEmail?(user: UserRef, email: string): Promise<void>;
	/** Account flows: sets `confirmedAt` (default now) if it is null; true when it changed. */
	confirmUser?(user: UserRef, at?: Date): Promise<boolean>;

	/** Two-factor: the user's TOTP state, or null when none is set up. */
	getTwoFactor?(user: UserRef): Promise<TwoFactorState | null>;
	/** Two-factor: writes the state (see {@link TwoFactorUpdate}); null deletes it and every recovery code. */
	setTwoFactor?(user: UserRef, state: TwoFactorUpdate | null): Promise<void>;
	/**
	 * Two-factor: an atomic compare-and-set of the last accepted TOTP step. True, and `step`
	 * stored, only if a state exists and `step` is later than the stored one; false otherwise, so
	 * no code is accepted twice, even by concurrent requests.
	 */
	advanceTotpStep?(user: UserRef, step: number): Promise<boolean>;
	/** Two-factor: atomically removes one recovery code by its keyed hash; true once per stored code. */
	takeRecoveryCode?(user: UserRef, hash: string): Promise<boolean>;

	/** Passkeys: the user's passkeys, oldest first. */
	listPasskeys?(user: UserRef): Promise<PasskeyRecord[]>;
	/**
	 * Passkeys: stores a new passkey of the user.
	 * @throws IdentityError `ERR_PASSKEY_EXISTS` when a passkey with this credential id exists (any user's): nothing is written.
	 */
	addPasskey?(user: UserRef, passkey: NewPasskey): Promise<PasskeyRecord>;
	/** Passkeys: the passkey with this credential id (any user's), or null. */
	findPasskey?(credentialId: string): Promise<PasskeyRecord | null>;
	/**
	 * Passkeys: an atomic compare-and-set of the signature counter after a login. Stores `counter`
	 * and `lastUsedAt = at` only if `counter` is greater than the stored counter, or both are 0
	 * (an authenticator that keeps no counter); false otherwise (a cloned authenticator, a replay).
	 */
	updatePasskeyCounter?(credentialId: string, counter: number, at: Date): Promise<boolean>;
	/** Passkeys: deletes one of the user's own passkeys; false when the user has none with this id. */
	deletePasskey?(user: UserRef, credentialId: string): Promise<boolean>;

	/**
	 * Optional: calls `listener` with the id of every user a write of this store object changed
	 * (uniquifier, password, active flag, roles, email, deletion, ...). The identity's user cache
	 * subscribes, so revocation through the same store object is seen at once. Returns an unsubscribe.
	 */
	subscribe?(listener: (userId: string) => void): () => void;

	/** Rate limiting: the live failure counter of `key` at `now`, or null (shared by every instance on the store). */
	readAttempts?(key: string, now: Date): Promise<AttemptCounter | null>;
	/** Rate limiting: counts one failure in the window of `key` (a new window of `windowSeconds` when none is live). */
	addAttempt?(key: string, windowSeconds: number, now: Date): Promise<AttemptCounter>;
	/** Rate limiting: forgets the counter of `key`. */
	clearAttempts?(key: string): Promise<void>;

	/**
	 * Single-use tokens: true the first time `key` is consumed, false on every later call until
	 * `expiresAt` has passed (after that, the key may be forgotten). Atomic: of concurrent calls
	 * with one key, exactly one gets true. Expired keys are pruned as new ones are written.
	 */
	consumeToken?(key: string, expiresAt: Date): Promise<boolean>;
}

/** The methods every store has; `createIdentity` refuses a store that lacks one. */
export const requiredStoreMethods = [
	"findUser",
	"findRole",
	"createUser",
	"createRole",
	"addRoleToUser",
	"removeRoleFromUser",
	"toggleActive",
	"deactivateUser",
	"activateUser",
	"setUniquifier",
	"setPassword",
	"deleteUser",
	"listUsers",
	"listRoles",
	"recordLogin",
	"commit"
] as const satisfies readonly (keyof IdentityStore)[];

/** The account-flow methods (register, confirm, recover, change email); `findUser({ email })` comes with them. */
export const accountFlowStoreMethods = ["setEmail", "confirmUser"] as const satisfies readonly (keyof IdentityStore)[];

/** The TOTP two-factor methods. */
export const twoFactorStoreMethods = ["getTwoFactor", "setTwoFactor", "advanceTotpStep", "takeRecoveryCode"] as const satisfies readonly (keyof IdentityStore)[];

/** The passkey (WebAuthn) methods. */
export const passkeyStoreMethods = ["listPasskeys", "addPasskey", "findPasskey", "updatePasskeyCounter", "deletePasskey"] as const satisfies readonly (keyof IdentityStore)[];

/** The rate limiter's shared counters (optional: without them the limiter counts in memory). */
export const attemptStoreMethods = ["readAttempts", "addAttempt", "clearAttempts"] as const satisfies readonly (keyof IdentityStore)[];

/** Single-use token consumption (optional for account flows, passkeys and two-factor logins: a store without it leaves the identity to track them). */
export const tokenStoreMethods = ["consumeToken"] as const satisfies readonly (keyof IdentityStore)[];

/** Change notifications for the user cache (optional: without them the cache stays off by default). */
export const subscriptionStoreMethods = ["subscribe"] as const satisfies readonly (keyof IdentityStore)[];

/** The name of an optional store method. */
export type OptionalStoreMethod =
	| (typeof subscriptionStoreMethods)[number]
	| (typeof accountFlowStoreMethods)[number]
	| (typeof twoFactorStoreMethods)[number]
	| (typeof passkeyStoreMethods)[number]
	| (typeof attemptStoreMethods)[number]
	| (typeof tokenStoreMethods)[number];

/** A store known to have the optional methods `M`: `IdentityStoreWith<"setEmail" | "confirmUser">`. */
export type IdentityStoreWith<M extends OptionalStoreMethod> = IdentityStore & Required<Pick<IdentityStore, M>>;

/**
 * True when `store` has every method in `methods` (one of the tuples above).
 * @example
 * if (!hasStoreMethods(store, twoFactorStoreMethods)) throw new InvalidOptionsError("...");
 */
export function hasStoreMethods<const M extends keyof IdentityStore>(store: IdentityStore, methods: readonly M[]): store is IdentityStore & Required<Pick<IdentityStore, M>> {
	return methods.every((method) => typeof store[method] === "function");
}

// Compile-time guards: the tuples name exactly the interface's methods, the required tuple exactly
// its required ones. Adding a method to IdentityStore without listing it fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type RequiredMembers<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type OptionalMembers<T> = Exclude<keyof T, RequiredMembers<T>>;
type _RequiredMethodsInSync = Assert<Same<Exclude<RequiredMembers<IdentityStore>, "identityField">, (typeof requiredStoreMethods)[number]>>;
type _OptionalMethodsInSync = Assert<Same<OptionalMembers<IdentityStore>, OptionalStoreMethod>>;
