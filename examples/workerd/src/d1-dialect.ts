import {
	type CompiledQuery,
	type DatabaseConnection,
	type DatabaseIntrospector,
	type Dialect,
	type DialectAdapter,
	type Driver,
	type Kysely,
	type QueryCompiler,
	type QueryResult,
	SqliteAdapter,
	SqliteQueryCompiler
} from "kysely";
import { createD1Introspector } from "./d1-introspector.js";

/** The part of a Cloudflare D1 binding this dialect uses (structural, so no workers-types needed). */
export interface D1Database {
	prepare(sql: string): D1PreparedStatement;
}

/** A D1 prepared statement. */
export interface D1PreparedStatement {
	bind(...values: unknown[]): D1PreparedStatement;
	all<T = Record<string, unknown>>(): Promise<{ results?: T[]; meta?: { changes?: number; last_row_id?: number } }>;
}

/** D1 binds null, numbers, strings and bytes; SQLite has no booleans, so they become 0/1. */
function toD1Value(value: unknown): unknown {
	return typeof value === "boolean" ? Number(value) : value;
}

/**
 * D1 errors carry SQLite's result code only in the message (`... SQLITE_CONSTRAINT (extended:
 * SQLITE_CONSTRAINT_UNIQUE)`); copied to `code`, as better-sqlite3 sets it, the store tells a
 * duplicate or a vanished row from an infrastructure failure.
 */
function withSqliteCode(error: unknown): unknown {
	if (!(error instanceof Error) || "code" in error) return error;
	const code = /\(extended: (SQLITE_[A-Z_]+)\)/.exec(error.message)?.[1] ?? /\b(SQLITE_[A-Z_]+)\b/.exec(error.message)?.[1];
	return code ? Object.assign(error, { code }) : error;
}

function createConnection(database: D1Database): DatabaseConnection {
	return {
		async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
			const result = await database
				.prepare(query.sql)
				.bind(...query.parameters.map(toD1Value))
				.all<R>()
				.catch((error: unknown) => {
					throw withSqliteCode(error);
				});
			const changes = result.meta?.changes;
			const lastRowId = result.meta?.last_row_id;
			return {
				rows: result.results ?? [],
				numAffectedRows: changes === undefined ? undefined : BigInt(changes),
				insertId: lastRowId === undefined || lastRowId === null ? undefined : BigInt(lastRowId)
			};
		},
		// biome-ignore lint/correctness/useYield: D1 has no cursors.
		async *streamQuery() {
			throw new Error("D1 dialect: streaming queries are not supported");
		}
	};
}

/**
 * A Kysely driver over a D1 binding. D1 refuses SQL `BEGIN` (each statement commits on its own;
 * atomic groups go through `batch()`, which cannot read its own writes), so a Kysely transaction
 * here runs its statements in order WITHOUT atomicity. The identity store tolerates that: its
 * transactions validate before the first write (an unknown role or a duplicate user writes
 * nothing), so only an infrastructure failure between two statements could leave a partial write;
 * and its compare-and-set operations (TOTP steps, recovery codes, passkey counters, single-use
 * tokens, attempt counters) are single statements, atomic without a transaction.
 */
function createDriver(database: D1Database): Driver {
	const connection = createConnection(database);
	return {
		async init() {},
		async acquireConnection() {
			return connection;
		},
		async beginTransaction() {},
		async commitTransaction() {},
		async rollbackTransaction() {},
		async releaseConnection() {},
		async destroy() {}
	};
}

/** A Kysely dialect on a Cloudflare D1 binding (`env.DB`): SQLite SQL, D1 transport. */
export function createD1Dialect(database: D1Database): Dialect {
	return {
		createAdapter: (): DialectAdapter => new SqliteAdapter(),
		createDriver: (): Driver => createDriver(database),
		createQueryCompiler: (): QueryCompiler => new SqliteQueryCompiler(),
		createIntrospector: (db: Kysely<any>): DatabaseIntrospector => createD1Introspector(db)
	};
}
