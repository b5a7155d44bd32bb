import type { Database, SQLQueryBindings } from "bun:sqlite";
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";

/**
 * Wraps a `bun:sqlite` Database in the better-sqlite3 shape Kysely's `SqliteDialect` drives
 * (`prepare` returning statements with `reader`, `all`, `run` and `iterate` taking an argument array).
 */
export function toSqliteDatabase(database: Database): SqliteDatabase {
	return {
		close: () => database.close(),
		prepare(sql): SqliteStatement {
			const statement = database.prepare(sql);
			const bind = (parameters: readonly unknown[]) => parameters as SQLQueryBindings[];
			return {
				reader: statement.columnNames.length > 0,
				all: (parameters) => statement.all(...bind(parameters)),
				run: (parameters) => statement.run(...bind(parameters)),
				iterate: (parameters) => statement.iterate(...bind(parameters))
			};
		}
	};
}

/**
 * A Kysely dialect on `bun:sqlite`.
 *
 * @example
 * const db = new Kysely<IdentityDatabase>({ dialect: createBunSqliteDialect(new Database("app.db")) });
 */
export function createBunSqliteDialect(database: Database): SqliteDialect {
	return new SqliteDialect({ database: toSqliteDatabase(database) });
}
