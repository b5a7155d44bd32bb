import { IdentityError, StoreError, isIdentityError } from "@identity/core";

interface DriverError {
	code?: unknown;
	errno?: unknown;
}

function codeOf(error: unknown): { code: string; errno: number } {
	const { code, errno } = (typeof error === "object" && error !== null ? error : {}) as DriverError;
	return { code: typeof code === "string" ? code : "", errno: typeof errno === "number" ? errno : 0 };
}

/** A unique or primary-key violation (SQLite, PostgreSQL 23505, MySQL 1062). */
export function isUniqueViolation(error: unknown): boolean {
	const { code, errno } = codeOf(error);
	return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505" || errno === 1062;
}

/** A deadlock or serialisation failure worth one more try (PostgreSQL 40001/40P01, MySQL 1213). */
export function isRetryable(error: unknown): boolean {
	const { code, errno } = codeOf(error);
	return code === "40001" || code === "40P01" || errno === 1213;
}

/**
 * Runs `operation`; an `IdentityError` passes through, any other failure becomes a `StoreError`
 * whose message names the operation only (no SQL, no values, no credentials) and whose `cause` is
 * the driver error.
 */
export async function guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			if (isIdentityError(error)) throw error;
			if (attempt < 3 && isRetryable(error)) continue;
			throw new StoreError(`Store failure: ${operation} failed`, { cause: error });
		}
	}
}

/** The not-found error for a user argument. */
export function userNotFound(): IdentityError {
	return new IdentityError("ERR_USER_NOT_FOUND", "User not found");
}

/** The not-found error for a role argument (role names are not secret, so it names the role). */
export function roleNotFound(name?: string): IdentityError {
	return new IdentityError("ERR_ROLE_NOT_FOUND", name === undefined ? "Role not found" : `Role not found: ${JSON.stringify(name)}`);
}
