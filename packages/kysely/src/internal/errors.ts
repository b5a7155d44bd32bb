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

/** A foreign-key violation (SQLite, PostgreSQL 23503, MySQL 1452): the user row is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
	const { code, errno } = codeOf(error);
	return code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503" || errno === 1452;
}

/**
 * Whether a unique violation was on `table`'s index or constraint `name` (or SQLite's
 * `table.column`). Only the driver's constraint or key name is read, never the message's copy of
 * the offending value, so no value can masquerade as another constraint.
 */
export function violates(error: unknown, table: string, name: string, column: string): boolean {
	const { constraint, message } = (typeof error === "object" && error !== null ? error : {}) as { constraint?: unknown; message?: unknown };
	if (typeof constraint === "string") return constraint === name;
	const text = typeof message === "string" ? message : "";
	const sqlite = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(text);
	if (sqlite) return (sqlite[1] ?? "").split(", ").includes(`${table}.${column}`);
	// MySQL/MariaDB: "Duplicate entry '...' for key '<name>'" (MySQL 8: '<table>.<name>').
	const key = /for key '([^']*)'$/.exec(text)?.[1] ?? "";
	return key === name || key === `${table}.${name}`;
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
