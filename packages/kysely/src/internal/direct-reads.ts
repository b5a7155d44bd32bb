import type { Kysely } from "kysely";

/**
 * A synchronous one-row read on the database itself, skipping Kysely's connection queue and
 * promise chain: the store's hottest lookup (a guard's user by id, with `userCache: false`) costs
 * about a third of going through Kysely on an embedded database. It answers the row, `null` for no
 * row, or `undefined` when it must not run now (an open transaction on the connection, whose
 * uncommitted writes it would see): then the store goes through Kysely, which waits for it.
 */
export type DirectRead = (text: string, parameters: readonly unknown[]) => Record<string, unknown> | null | undefined;

// Keyed by the Kysely instance the database was opened as (createSqliteDatabase registers it).
const directReads = new WeakMap<Kysely<any>, DirectRead>();

/** Registers the direct read of a database opened by this package. */
export function registerDirectRead(db: Kysely<any>, read: DirectRead): void {
	directReads.set(db, read);
}

/** The direct read of `db`, when this package opened it; null for any other Kysely instance. */
export function directReadOf(db: Kysely<any>): DirectRead | null {
	return directReads.get(db) ?? null;
}
