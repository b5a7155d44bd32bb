import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Wraps a `node:sqlite` database (built into Deno, and Node >= 22.5) in the better-sqlite3 shape
 * Kysely's `SqliteDialect` drives: `prepare` returning statements with `reader`, `all`, `run`, `iterate`.
 */
export function toSqliteDatabase(database: DatabaseSync): SqliteDatabase {
	return {
		close: () => database.close(),
		prepare(sql): SqliteStatement {
			const statement = database.prepare(sql);
			const bind = (parameters: readonly unknown[]) => parameters as SQLInputValue[];
			return {
				reader: statement.columns().length > 0,
				all: (parameters) => statement.all(...bind(parameters)),
				run: (parameters) => statement.run(...bind(parameters)),
				iterate: (parameters) => statement.iterate(...bind(parameters))
			};
		}
	};
}

/** Opens a `node:sqlite` database with foreign keys on. */
export function openSqlite(filename: string): SqliteDatabase {
	const database = new DatabaseSync(filename);
	database.exec("pragma foreign_keys = ON");
	return toSqliteDatabase(database);
}
