import Database from "better-sqlite3";
import { type Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from "kysely";
import { type IdentityStoreWith, type OptionalStoreMethod, StoreError } from "@identity/core";
import { type DirectRead, registerDirectRead } from "./internal/direct-reads.js";
import { assertSqliteFilename } from "./internal/sqlite-filename.js";
import { openMigratedDatabase } from "./migrations.js";
import type { IdentityTableOptions } from "./options.js";
import type { IdentityDatabase } from "./schema.js";
import { createKyselyStore } from "./store.js";

/** Options of {@link createSqliteDatabase}. */
export interface SqliteDatabaseOptions extends IdentityTableOptions {
	/** How long a writer waits for another connection's lock, in milliseconds. Default 5000. */
	busyTimeoutMs?: number;
}

const statementCacheSize = 256;

// Kysely prepares every statement anew; the store sends the same few SQL texts again and again,
// so reusing better-sqlite3 statements saves the SQLite compile on the hot path.
type CachedStatement = SqliteStatement & Database.Statement;
interface CachedSqliteDatabase extends SqliteDatabase {
	prepare(text: string): CachedStatement;
}

/** `make(text)` once per SQL text, for the last `statementCacheSize` texts (the oldest goes first). */
function memoByText<T>(make: (text: string) => T): (text: string) => T {
	const cache = new Map<string, T>();
	return (text) => {
		let value = cache.get(text);
		if (value === undefined) {
			value = make(text);
			if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value as string);
			cache.set(text, value);
		}
		return value;
	};
}

function withStatementCache(db: Database.Database): CachedSqliteDatabase {
	return { close: () => void db.close(), prepare: memoByText((text) => db.prepare(text) as unknown as CachedStatement) };
}

/**
 * The direct read (see DirectRead) on better-sqlite3: each SQL text prepared once, in raw mode (rows
 * as arrays: better-sqlite3 builds an array of a row's values in about two thirds of the time it
 * takes to build an object of them), and the row object built here from the statement's column
 * names. Its statements are its own: Kysely's, from the statement cache, must keep answering objects.
 */
function createDirectRead(db: Database.Database): DirectRead {
	const prepared = memoByText((text) => {
		const statement = db.prepare<unknown[], unknown[]>(text).raw(true);
		return { statement, columns: statement.columns().map((column) => column.name) };
	});
	return (text, parameters) => {
		// Inside a transaction the read would see its uncommitted writes: the store waits for Kysely instead.
		if (db.inTransaction) return undefined;
		const { statement, columns } = prepared(text);
		const values = statement.get(...parameters);
		if (values === undefined) return null;
		const row: Record<string, unknown> = {};
		for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
		return row;
	};
}

/**
 * Opens (or creates) a SQLite database with better-sqlite3, applies the identity migrations and
 * returns it as a Kysely instance. File databases use WAL; foreign keys are on and writers wait
 * for locks (`busy_timeout`). Close it with `db.destroy()`.
 * @param filename A file path, or `":memory:"`. Default `"identity.db"`.
 * @throws StoreError (`ERR_STORE`) when the file cannot be opened or the migrations fail.
 * @example
 * const db = await createSqliteDatabase("app.db");
 * const store = createKyselyStore(db);
 */
export async function createSqliteDatabase(filename = "identity.db", options: SqliteDatabaseOptions = {}): Promise<Kysely<IdentityDatabase>> {
	assertSqliteFilename(filename);
	let sqlite: Database.Database | undefined;
	try {
		sqlite = new Database(filename);
		if (filename !== ":memory:" && filename !== "") sqlite.pragma("journal_mode = WAL");
		sqlite.pragma("synchronous = NORMAL");
		sqlite.pragma("foreign_keys = ON");
		sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
	} catch (error) {
		sqlite?.close();
		throw new StoreError("Store failure: could not open the SQLite database", { cause: error });
	}
	const open = sqlite;
	const database = withStatementCache(open);
	const db = await openMigratedDatabase(new SqliteDialect({ database }), options);
	// The store's user lookups skip Kysely here (see DirectRead), except inside a transaction.
	registerDirectRead(db, createDirectRead(open));
	return db;
}

/**
 * The embedded default: a migrated SQLite database and its store in one call. Use
 * {@link createSqliteDatabase} and `createKyselyStore` instead when you need the Kysely instance
 * (for your own tables, or to close it).
 * @example
 * const store = await createSqliteStore("identity.db");
 * const identity = createIdentity({ store, secret });
 */
export async function createSqliteStore(filename = "identity.db", options: SqliteDatabaseOptions = {}): Promise<IdentityStoreWith<OptionalStoreMethod>> {
	return createKyselyStore(await createSqliteDatabase(filename, options), options);
}
