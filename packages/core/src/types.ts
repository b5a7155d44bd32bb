/**
 * A fetch-style handler: takes a Request (plus whatever the host passes) and returns a Response.
 * `T` narrows the result (a synchronous or an async handler), for the guards' return type.
 */
export type Handler<R extends Request = Request, A extends unknown[] = any[], T extends Response | Promise<Response> = Response | Promise<Response>> = (
	request: R,
	...rest: A
) => T;

/** A role requirement: a role name, or a list of names of which any one suffices. */
export type RoleRequirement = string | readonly string[];

/** The authentication mechanisms `authRequired` understands, in the order they are tried. */
export type AuthMethod = "token" | "session" | "basic";

/** How the current user of a request was authenticated. */
export type AuthSource = "session" | "remember" | "token" | "basic";

/** Fields every user exposes to handlers, authenticated or not. */
export interface UserFlags {
	readonly isAuthenticated: boolean;
	readonly isAnonymous: boolean;
	readonly isActive: boolean;
	readonly roles: readonly string[];
}

/** The anonymous user: `isAuthenticated: false`, no roles. Replaceable with the `anonymousUser` option. */
export interface AnonymousUser extends UserFlags {
	readonly isAuthenticated: false;
	readonly isAnonymous: true;
	readonly isActive: false;
	readonly [key: string]: unknown;
}

/** A user record as the store returns it. */
export interface UserRecord {
	id: string;
	password: string;
	active: boolean;
	uniquifier: string;
	roles: string[];
	createdAt: Date;
	updatedAt?: Date;
	lastLoginAt?: Date | null;
	currentLoginAt?: Date | null;
	lastLoginAddress?: string | null;
	currentLoginAddress?: string | null;
	loginCount?: number;
	/**
	 * The email address, unique ignoring case; null when none is stored. With
	 * `identityField: "email"` it is the identity value. Absent from stores without account flows.
	 */
	email?: string | null;
	/** When the user confirmed their email address; null until then. Absent from stores without account flows. */
	confirmedAt?: Date | null;
	/** The identity field (`username` by default, or `email`) and any other column. */
	[field: string]: unknown;
}

/** An authenticated user: the store's record plus the flags. `password` and `uniquifier` are not enumerable. */
export type AuthenticatedUser = UserRecord &
	UserFlags & {
		readonly isAuthenticated: true;
		readonly isAnonymous: false;
	};

/** What `getCurrentUser` returns. */
export type CurrentUser = AuthenticatedUser | AnonymousUser;

/** A user's TOTP two-factor state, as the store keeps it. */
export interface TwoFactorState {
	/** The TOTP secret, opaque to the store (the identity encrypts it). */
	secret: string;
	/** When two-factor was enabled; null while it is set up but not yet enabled. */
	enabledAt: Date | null;
	/** The last accepted TOTP step (Unix time / 30), 0 when none was accepted yet. */
	lastStep: number;
	/** How many unused recovery codes the user has. */
	recoveryCodesLeft: number;
}

/** A stored passkey (WebAuthn credential). */
export interface PasskeyRecord {
	/** The credential id, base64url. */
	id: string;
	userId: string;
	name: string;
	/** The COSE public key, base64url. */
	publicKey: string;
	/** The COSE algorithm: -7 (ES256) or -257 (RS256). */
	algorithm: number;
	/** The last signature counter seen (0 for authenticators that keep none). */
	counter: number;
	transports: string[];
	createdAt: Date;
	lastUsedAt: Date | null;
}

/** A role record. */
export interface RoleRecord {
	id: string;
	name: string;
	description?: string | null;
}
