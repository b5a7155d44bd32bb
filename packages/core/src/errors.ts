/** Every code an `IdentityError` may carry. Stable: callers may branch on them. */
export type IdentityErrorCode =
	| "ERR_INVALID_OPTIONS"
	| "ERR_INVALID_ARGUMENT"
	| "ERR_USER_EXISTS"
	| "ERR_ROLE_EXISTS"
	| "ERR_USER_NOT_FOUND"
	| "ERR_ROLE_NOT_FOUND"
	| "ERR_STORE"
	| "ERR_UNSUPPORTED_HASH"
	| "ERR_HASHER"
	| "ERR_WEAK_PASSWORD"
	| "ERR_PASSKEY_EXISTS";

const brand = Symbol.for("@identity/core/IdentityError");

/**
 * The one error type of the library: misuse and infrastructure failures, never expected outcomes
 * such as a wrong password or a bad token (those are values). Messages never contain secrets.
 */
export class IdentityError extends Error {
	override name = "IdentityError";
	readonly code: IdentityErrorCode;
	readonly [brand] = true;

	constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
	}
}

/** Thrown by `createIdentity` when its options are wrong. */
export class InvalidOptionsError extends IdentityError {
	override name = "InvalidOptionsError";
	constructor(message: string) {
		super("ERR_INVALID_OPTIONS", message);
	}
}

/** Wraps a database or driver failure; the driver error is the `cause`. */
export class StoreError extends IdentityError {
	override name = "StoreError";
	constructor(message: string, options?: { cause?: unknown }) {
		super("ERR_STORE", message, options);
	}
}

/**
 * True for any `IdentityError`, also one thrown by another copy of this package
 * (a brand check, not `instanceof`).
 */
export function isIdentityError(error: unknown): error is IdentityError {
	return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[brand] === true;
}

/** The password hasher could not run (a dead worker, say): an outage, never a wrong password. */
export function isHasherFailure(error: unknown): boolean {
	return isIdentityError(error) && error.code === "ERR_HASHER";
}

/**
 * An outage rather than a refusal: the store (`ERR_STORE`) or the password hasher (`ERR_HASHER`)
 * could not run. Guards and routes answer it with 503; it is never a wrong credential.
 */
export function isUnavailableError(error: unknown): boolean {
	return (isIdentityError(error) && error.code === "ERR_STORE") || isHasherFailure(error);
}
