import { Database } from "bun:sqlite";
import type { Kysely } from "kysely";
import { type IdentityStoreWith, type OptionalStoreMethod, StoreError } from "@identity/core";
import { createKyselyStore, openMigratedDatabase, type IdentityDatabase, type KyselyStoreOptions } from "@identity/kysely";
import { createBunSqliteDialect } from "./sqlite-database.js";

/**
 * Opens (or creates) a SQLite database with `bun:sqlite`, applies the identity migrations and
 * returns it as a Kysely instance (WAL for files, foreign keys on, a 5 s busy timeout).
 * Close it with `db.destroy()`.
 * @param filename A file path, or `":memory:"`. Default `"identity.db"`.
 * @throws StoreError (`ERR_STORE`) when the file cannot be opened or the migrations fail.
 */
export async function createBunSqliteDatabase(filename = "identity.db", options: KyselyStoreOptions = {}): Promise<Kysely<IdentityDatabase>> {
	const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(filename)?.[1];
	if (scheme && scheme.toLowerCase() !== "file") {
		// IDENTITY_DATABASE_URL may hold a server URL; name only its scheme (it may carry a password).
		throw new StoreError(`Store failure: a SQLite store takes a file path, not a ${scheme}:// URL; for PostgreSQL or MySQL, pass a Kysely instance to createKyselyStore`);
	}
	let sqlite: Database | undefined;
	try {
		sqlite = new Database(filename, { create: true });
		if (filename !== ":memory:" && filename !== "") sqlite.exec("pragma journal_mode = WAL");
		sqlite.exec("pragma foreign_keys = ON");
		sqlite.exec("pragma busy_timeout = 5000");
	} catch (error) {
		sqlite?.close();
		throw new StoreError("Store failure: could not open the SQLite database", { cause: error });
	}
	return openMigratedDatabase(createBunSqliteDialect(sqlite), options);
}

/**
 * The `@identity/kysely` store on `bun:sqlite`, migrated and ready, in one call (every optional
 * method group of the port: account flows, two-factor, passkeys, attempt counters, tokens).
 *
 * @example
 * const store = await createBunSqliteStore("identity.db");
 * const identity = createIdentity({ store, secret, password: { hasher: createBunPasswordHasher() } });
 */
export async function createBunSqliteStore(filename = "identity.db", options: KyselyStoreOptions = {}): Promise<IdentityStoreWith<OptionalStoreMethod>> {
	return createKyselyStore(await createBunSqliteDatabase(filename, options), options);
}
