import { type Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import { type IdentityStoreWith, type OptionalStoreMethod, StoreError } from "@identity/core";
import { assertSqliteFilename } from "./internal/sqlite-filename.js";
import { openMigratedDatabase } from "./migrations.js";
import type { SqliteDatabaseOptions } from "./sqlite.js";
import type { IdentityDatabase } from "./schema.js";
import { createKyselyStore } from "./store.js";

/** The part of `node:sqlite`'s `DatabaseSync` this module drives (typed here: @types/node 20 lacks it). */
interface DatabaseSync {
	exec(sql: string): void;
	prepare(sql: string): StatementSync;
	close(): void;
}
interface StatementSync {
	all(...parameters: unknown[]): unknown[];
	run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
	iterate(...parameters: unknown[]): IterableIterator<unknown>;
	columns?(): unknown[];
}

const statementCacheSize = 256;

/** Whether a statement returns rows, for runtimes whose `node:sqlite` has no `columns()` yet. */
const returnsRows = (sql: string) => /^\s*(select|with|pragma|values|explain)\b/i.test(sql) || /\breturning\b/i.test(sql);

// SQLite's extended result codes the store tells apart, by the names better-sqlite3 gives them.
const constraintCodes: Record<number, string> = { 2067: "SQLITE_CONSTRAINT_UNIQUE", 1555: "SQLITE_CONSTRAINT_PRIMARYKEY", 787: "SQLITE_CONSTRAINT_FOREIGNKEY" };
const constraintMessages: [RegExp, string][] = [
	[/^UNIQUE constraint failed/, "SQLITE_CONSTRAINT_UNIQUE"],
	[/^FOREIGN KEY constraint failed/, "SQLITE_CONSTRAINT_FOREIGNKEY"]
];

/** A node:sqlite error with better-sqlite3's `code` (Node names them by number, Deno by message). */
function withDriverCode(error: unknown): unknown {
	if (typeof error !== "object" || error === null) return error;
	const { errcode, message } = error as { errcode?: unknown; message?: unknown };
	const text = typeof message === "string" ? message : "";
	const code = (typeof errcode === "number" ? constraintCodes[errcode] : undefined) ?? constraintMessages.find(([pattern]) => pattern.test(text))?.[1];
	return code ? Object.assign(new Error(text, { cause: error }), { code }) : error;
}

/** Runs a statement call, giving constraint failures the codes the store's error mapping reads. */
function call<T>(run: () => T): T {
	try {
		return run();
	} catch (error) {
		throw withDriverCode(error);
	}
}

// The better-sqlite3 shape Kysely's SqliteDialect drives (`reader`, `all`, `run`, `iterate`), over
// node:sqlite statements, each prepared once per SQL text as the better-sqlite3 entry does.
function toKyselyDatabase(database: DatabaseSync): SqliteDatabase {
	const cache = new Map<string, SqliteStatement>();
	return {
		close: () => database.close(),
		prepare(sql) {
			let statement = cache.get(sql);
			if (!statement) {
				const prepared = database.prepare(sql);
				const reader = typeof prepared.columns === "function" ? prepared.columns().length > 0 : returnsRows(sql);
				statement = {
					reader,
					all: (parameters) => call(() => prepared.all(...parameters)),
					run: (parameters) => {
						const { changes, lastInsertRowid } = call(() => prepared.run(...parameters));
						return { changes, lastInsertRowid };
					},
					iterate: (parameters) => call(() => prepared.iterate(...parameters))
				};
				if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value as string);
				cache.set(sql, statement);
			}
			return statement;
		}
	};
}

/**
 * Opens (or creates) a SQLite database with the runtime's built-in `node:sqlite` (Deno 2.2+,
 * Node 22.13+; no native addon to install or compile), applies the identity migrations and returns
 * it as a Kysely instance. File databases use WAL; foreign keys are on and writers wait for locks.
 * The tables are the same as {@link createSqliteDatabase}'s, so either opens the other's file.
 * @param filename A file path, or `":memory:"`. Default `"identity.db"`.
 * @throws StoreError (`ERR_STORE`) when the runtime has no `node:sqlite`, the file cannot be opened
 * or the migrations fail.
 */
export async function createNodeSqliteDatabase(filename = "identity.db", options: SqliteDatabaseOptions = {}): Promise<Kysely<IdentityDatabase>> {
	assertSqliteFilename(filename);
	let database: DatabaseSync | undefined;
	try {
		const { DatabaseSync } = (await import("node:sqlite" as string)) as { DatabaseSync: new (path: string) => DatabaseSync };
		database = new DatabaseSync(filename);
		if (filename !== ":memory:" && filename !== "") database.exec("pragma journal_mode = WAL");
		database.exec("pragma synchronous = NORMAL");
		database.exec("pragma foreign_keys = ON");
		database.exec(`pragma busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
	} catch (error) {
		database?.close();
		const missing = (error as { code?: string })?.code === "ERR_UNKNOWN_BUILTIN_MODULE" || /node:sqlite/.test(String((error as Error)?.message));
		throw new StoreError(
			missing
				? "Store failure: this runtime has no node:sqlite (it needs Deno 2.2+ or Node 22.13+); use createSqliteStore from @identity/kysely/sqlite (better-sqlite3) instead"
				: "Store failure: could not open the SQLite database",
			{ cause: error }
		);
	}
	return openMigratedDatabase(new SqliteDialect({ database: toKyselyDatabase(database) }), options);
}

/**
 * A migrated `node:sqlite` database and its store in one call: the embedded store for Deno (where
 * better-sqlite3 does not load) and for Node 22.13+ without a native addon.
 * @example
 * const store = await createNodeSqliteStore("identity.db");
 * const identity = createIdentity({ store, secret });
 */
export async function createNodeSqliteStore(filename = "identity.db", options: SqliteDatabaseOptions = {}): Promise<IdentityStoreWith<OptionalStoreMethod>> {
	return createKyselyStore(await createNodeSqliteDatabase(filename, options), options);
}
