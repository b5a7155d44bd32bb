import type { RoleRecord, UserRecord } from "./types.js";

/** Look a user up by identity value (a string), or by `{ id }`, `{ uniquifier }` or `{ [identityField]: value }`. */
export type UserQuery = string | { id: string } | { uniquifier: string } | { readonly [identityField: string]: string };

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
	/** The identity field and any extra column. */
	[field: string]: unknown;
}

/** A failure counter used by the login rate limiter. */
export interface AttemptCounter {
	count: number;
	resetAt: Date;
}

/**
 * The storage port. `@identity/kysely` implements it; any other store may. Every method is atomic;
 * infrastructure failures throw `IdentityError` with code `ERR_STORE`, duplicates `ERR_USER_EXISTS` /
 * `ERR_ROLE_EXISTS`; nothing is written when a call fails.
 */
export interface IdentityStore {
	/** The name of the field users log in with (`username` or `email`, ...). */
	readonly identityField: string;
	findUser(query: UserQuery): Promise<UserRecord | null>;
	findRole(query: RoleQuery): Promise<RoleRecord | null>;
	createUser(user: NewUser): Promise<UserRecord>;
	createRole(role: { name: string; description?: string | null }): Promise<RoleRecord>;
	/** True when the link was added, false when it already existed. */
	addRoleToUser(user: UserRef, role: RoleRef): Promise<boolean>;
	/** True when the link was removed, false when there was none. */
	removeRoleFromUser(user: UserRef, role: RoleRef): Promise<boolean>;
	/** Flips `active`. Always true (the seed's contract). */
	toggleActive(user: UserRef): Promise<true>;
	/** True when something changed. */
	deactivateUser(user: UserRef): Promise<boolean>;
	/** True when something changed. */
	activateUser(user: UserRef): Promise<boolean>;
	/** Sets the revocation nonce (a new random one when absent); returns the value set. */
	setUniquifier(user: UserRef, uniquifier?: string): Promise<string>;
	setPassword(user: UserRef, hash: string): Promise<void>;
	deleteUser(user: UserRef): Promise<boolean>;
	listUsers(options?: { limit?: number; offset?: number }): Promise<UserRecord[]>;
	listRoles(): Promise<RoleRecord[]>;
	/** The seed's trackable fields: last/current login time and address, login count. */
	recordLogin(user: UserRef, login: { at: Date; address: string | null }): Promise<void>;
	/** Every call is already committed; kept for the seed's API. */
	commit(): Promise<void>;

	/**
	 * Optional: calls `listener` with the id of every user a write of this store object changed
	 * (uniquifier, password, active flag, roles, email, deletion, ...). The identity's user cache
	 * subscribes, so revocation through the same store object is seen at once. Returns an unsubscribe.
	 */
	subscribe?(listener: (userId: string) => void): () => void;

	/** Optional: shared failure counters for the rate limiter (several instances share them). */
	readAttempts?(key: string, now: Date): Promise<AttemptCounter | null>;
	addAttempt?(key: string, windowSeconds: number, now: Date): Promise<AttemptCounter>;
	clearAttempts?(key: string): Promise<void>;
}
