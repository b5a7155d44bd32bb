import { existsSync } from "node:fs";
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from "kysely";
import { CommandError, UsageError } from "./errors.js";

/** The database families the tool connects to. */
export type DatabaseKind = "sqlite" | "postgres" | "mysql";

/** An open connection and how to close it. */
export interface OpenDatabase {
	db: Kysely<any>;
	kind: DatabaseKind;
	close(): Promise<void>;
}

/** How to open: `readonly` never writes (import sources), `mustExist` refuses to create a SQLite file. */
export interface OpenDatabaseOptions {
	readonly?: boolean;
	mustExist?: boolean;
}

/**
 * What a `--db` value names: `postgres://` / `postgresql://`, `mysql://` / `mariadb://`, else a
 * SQLite file path (`file:` prefix allowed).
 * @throws UsageError for another URL scheme.
 */
export function databaseKind(url: string): DatabaseKind {
	if (/^postgres(?:ql)?:\/\//i.test(url)) return "postgres";
	if (/^(?:mysql|mariadb):\/\//i.test(url)) return "mysql";
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) {
		throw new UsageError("Unsupported database URL: use a SQLite file path, postgres://... or mysql://...");
	}
	return "sqlite";
}

/** The URL without its password, for messages. */
export function redactDatabaseUrl(url: string): string {
	if (databaseKind(url) === "sqlite") return sqlitePath(url);
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = "***";
		return parsed.toString();
	} catch {
		return "<database URL>";
	}
}

/**
 * Opens a Kysely connection on SQLite (better-sqlite3), PostgreSQL (pg) or MySQL/MariaDB (mysql2).
 * @throws CommandError ERR_DATABASE_NOT_FOUND when a SQLite file must exist and does not.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
	const kind = databaseKind(url);
	if (kind === "sqlite") {
		const path = sqlitePath(url);
		if ((options.mustExist || options.readonly) && path !== ":memory:" && !existsSync(path)) {
			throw new CommandError("ERR_DATABASE_NOT_FOUND", `No database file at ${path}`);
		}
		// Drivers load on use: a command pays only for the one it talks to.
		const { default: Database } = await import("better-sqlite3");
		const database = new Database(path, { readonly: options.readonly === true, fileMustExist: options.mustExist === true });
		if (!options.readonly) {
			database.pragma("journal_mode = WAL");
			database.pragma("busy_timeout = 5000");
		}
		// The store's links cascade on delete; SQLite enforces foreign keys only when asked.
		database.pragma("foreign_keys = ON");
		const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
		return { db, kind, close: () => db.destroy() };
	}
	if (kind === "postgres") {
		const { default: pg } = await import("pg");
		const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
		const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
		return { db, kind, close: () => db.destroy() };
	}
	const { createPool } = await import("mysql2");
	const pool = createPool({ uri: url.replace(/^mariadb:/i, "mysql:"), connectionLimit: 4, connectTimeout: 10_000 });
	const db = new Kysely<any>({ dialect: new MysqlDialect({ pool }) });
	return { db, kind, close: () => db.destroy() };
}

/** The file path of a SQLite `--db` value (a `file:` prefix removed). */
export function sqlitePath(url: string): string {
	return url.replace(/^file:(?:\/\/)?/i, "");
}
