import { StoreError } from "@identity/core";

/**
 * Refuses a database URL where a SQLite file path belongs (`IDENTITY_DATABASE_URL` may hold either),
 * instead of creating a file named after it. Only the scheme is named: the URL may carry a password.
 */
export function assertSqliteFilename(filename: string): void {
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(filename)?.[1];
	if (scheme && scheme.toLowerCase() !== "file") {
		throw new StoreError(
			`Store failure: a SQLite store takes a file path, not a ${scheme}:// URL; for PostgreSQL or MySQL, pass a Kysely instance to createKyselyStore (see the @identity/kysely README)`
		);
	}
}
