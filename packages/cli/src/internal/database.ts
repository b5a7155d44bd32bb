import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect, sql } from "kysely";
import { connectionFailure } from "./connection-failure.js";
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
	/** What to fix, after where the URL came from, for error messages: `check --db`. */
	hint?: string;
}

// Connection-string parameters that carry a password (libpq's `password`, and common spellings).
const secretParameters = /^(?:password|passwd|pass|pwd|sslpassword)$/i;

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

/** The URL without its password (in the user part or a `?password=` parameter), for messages. */
export function redactDatabaseUrl(url: string): string {
	if (databaseKind(url) === "sqlite") return sqlitePath(url);
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = "***";
		for (const key of [...parsed.searchParams.keys()]) if (secretParameters.test(key)) parsed.searchParams.set(key, "***");
		return parsed.toString();
	} catch {
		return "<database URL>";
	}
}

/** The passwords a URL carries, raw and decoded: never to appear in a message. */
function urlSecrets(url: string): string[] {
	try {
		const parsed = new URL(url);
		const values = [parsed.password, ...[...parsed.searchParams].filter(([key]) => secretParameters.test(key)).map(([, value]) => value)];
		return values.filter(Boolean).flatMap((value) => [value, decodeURIComponentSafe(value)]);
	} catch {
		return [];
	}
}

function decodeURIComponentSafe(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/**
 * Refuses a SQLite path whose directory does not exist, before the driver says only "Cannot open
 * database because the directory does not exist".
 * @throws CommandError ERR_DATABASE_NOT_FOUND.
 */
export function assertSqliteDirectory(path: string, hint: string): void {
	if (path === ":memory:" || path === "") return;
	const directory = dirname(resolve(path));
	if (!existsSync(directory)) {
		throw new CommandError(
			"ERR_DATABASE_NOT_FOUND",
			`Could not open the SQLite database ${path} (the directory ${directory} does not exist): create the directory, or ${hint}`
		);
	}
}

/**
 * Opens a Kysely connection on SQLite (better-sqlite3), PostgreSQL (pg) or MySQL/MariaDB (mysql2).
 * @throws CommandError ERR_DATABASE_NOT_FOUND when a SQLite file (or its directory) is missing;
 * ERR_DATABASE_UNREACHABLE when a server refuses or cannot be reached.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
	const kind = databaseKind(url);
	const hint = options.hint ?? "check the database URL";
	if (kind === "sqlite") {
		const path = sqlitePath(url);
		assertSqliteDirectory(path, hint);
		if ((options.mustExist || options.readonly) && path !== ":memory:" && !existsSync(path)) {
			throw new CommandError("ERR_DATABASE_NOT_FOUND", `No database file at ${path} (${hint})`);
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
		return probe(new Kysely<any>({ dialect: new PostgresDialect({ pool }) }), kind, url, hint);
	}
	const { createPool } = await import("mysql2");
	const pool = createPool({ uri: url.replace(/^mariadb:/i, "mysql:"), connectionLimit: 4, connectTimeout: 10_000 });
	return probe(new Kysely<any>({ dialect: new MysqlDialect({ pool }) }), kind, url, hint);
}

/**
 * Connects once before any command runs, so an unreachable server is reported as such (host,
 * reason, what to check) rather than as whatever the first query was.
 * @throws CommandError ERR_DATABASE_UNREACHABLE.
 */
async function probe(db: Kysely<any>, kind: DatabaseKind, url: string, hint: string): Promise<OpenDatabase> {
	try {
		await sql`select 1`.execute(db);
	} catch (error) {
		await db.destroy().catch(() => {});
		throw connectionFailure(error, redactDatabaseUrl(url), urlSecrets(url), hint);
	}
	return { db, kind, close: () => db.destroy() };
}

/** The file path of a SQLite `--db` value (a `file:` prefix removed). */
export function sqlitePath(url: string): string {
	return url.replace(/^file:(?:\/\/)?/i, "");
}
