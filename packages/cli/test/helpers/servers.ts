/**
 * The PostgreSQL URL for tests: `IDENTITY_TEST_PG`. Under CI it must be set (the suite fails
 * otherwise); elsewhere its absence skips the PostgreSQL tests with a visible message.
 */
export function testPostgresUrl(): string | undefined {
	const url = process.env.IDENTITY_TEST_PG;
	if (!url && process.env.CI === "true") throw new Error("IDENTITY_TEST_PG must be set under CI=true");
	if (!url) console.warn("[cli] IDENTITY_TEST_PG is not set: skipping the PostgreSQL tests");
	return url || undefined;
}

/** The MariaDB/MySQL URL for tests: `IDENTITY_TEST_MYSQL`, with the same CI rule as {@link testPostgresUrl}. */
export function testMysqlUrl(): string | undefined {
	const url = process.env.IDENTITY_TEST_MYSQL;
	if (!url && process.env.CI === "true") throw new Error("IDENTITY_TEST_MYSQL must be set under CI=true");
	if (!url) console.warn("[cli] IDENTITY_TEST_MYSQL is not set: skipping the MariaDB/MySQL tests");
	return url || undefined;
}

/** `url` with its unqualified names resolved in `schema` (libpq `options=-c search_path=...`). */
export function withSearchPath(url: string, schema: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set("options", `-c search_path=${schema}`);
	return parsed.toString();
}

/** A schema name no other run uses. */
export function uniqueSchemaName(prefix: string): string {
	return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
