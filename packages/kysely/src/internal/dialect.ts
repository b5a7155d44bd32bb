import { type Kysely, MysqlAdapter, PostgresAdapter, SqliteAdapter } from "kysely";
import { InvalidOptionsError } from "@identity/core";

/** The SQL dialects the store speaks. */
export type DialectName = "sqlite" | "postgres" | "mysql";

/**
 * Finds the dialect from the Kysely adapter. The constructor-name fallback covers a second copy
 * of kysely and third-party dialects built on the stock adapters (libsql, D1, PlanetScale).
 * @throws InvalidOptionsError for any other dialect.
 */
export function detectDialect(db: Kysely<any>): DialectName {
	const adapter: object = db.getExecutor().adapter;
	if (adapter instanceof PostgresAdapter) return "postgres";
	if (adapter instanceof MysqlAdapter) return "mysql";
	if (adapter instanceof SqliteAdapter) return "sqlite";
	const name = adapter.constructor.name.toLowerCase();
	for (const dialect of ["postgres", "mysql", "sqlite"] as const) {
		if (name.includes(dialect)) return dialect;
	}
	throw new InvalidOptionsError("Unsupported Kysely dialect: use SQLite, PostgreSQL or MySQL/MariaDB");
}

/** Quotes a (validated) identifier. */
export function quote(dialect: DialectName, name: string): string {
	return dialect === "mysql" ? `\`${name}\`` : `"${name}"`;
}

/** Turns the `?` placeholders of our own SQL into the dialect's (`$1`, `$2`, ... on PostgreSQL). */
export function placeholders(dialect: DialectName, text: string): string {
	if (dialect !== "postgres") return text;
	let index = 0;
	return text.replace(/\?/g, () => `$${++index}`);
}
