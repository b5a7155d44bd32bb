import { type Kysely, sql } from "kysely";
import type { DialectName } from "./dialect.js";

/**
 * The collation of every identity table on MySQL/MariaDB. A binary NO PAD collation compares
 * exactly like SQLite and PostgreSQL: MySQL's and MariaDB's defaults fold case, and their PAD
 * SPACE ones ignore trailing spaces.
 */
export async function mysqlBinaryCollation(db: Kysely<any>): Promise<string> {
	const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations where collation_name in ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')`.execute(db);
	const names = rows.map((row) => row.name);
	return names.includes("utf8mb4_nopad_bin") ? "utf8mb4_nopad_bin" : names[0] ?? "utf8mb4_bin";
}

/** The `create table` suffix of the dialect: the binary utf8mb4 collation on MySQL, nothing elsewhere. */
export async function tableSuffix(db: Kysely<any>, dialect: DialectName) {
	return dialect === "mysql" ? sql.raw(`default character set utf8mb4 collate ${await mysqlBinaryCollation(db)}`) : sql``;
}

/** Creates an index unless it exists (MySQL 8 has no CREATE INDEX IF NOT EXISTS: 1061 is "duplicate key name"). */
export async function createIndex(db: Kysely<any>, mysql: boolean, name: string, table: string, columns: string[], unique = false): Promise<void> {
	const builder = unique ? db.schema.createIndex(name).unique() : db.schema.createIndex(name);
	if (!mysql) return void (await builder.ifNotExists().on(table).columns(columns).execute());
	try {
		await builder.on(table).columns(columns).execute();
	} catch (error) {
		if ((error as { errno?: unknown }).errno !== 1061) throw error;
	}
}

/**
 * The column names of a table in the current schema (PostgreSQL) or database (MySQL). Plain
 * `pragma table_info` on SQLite, which D1 allows too; the query never fails inside PostgreSQL's
 * migration transaction.
 */
export async function columnsOf(db: Kysely<any>, dialect: DialectName, table: string): Promise<Set<string>> {
	if (dialect === "sqlite") {
		const { rows } = await sql<{ name: string }>`pragma table_info(${sql.id(table)})`.execute(db);
		return new Set(rows.map((row) => row.name));
	}
	const schema = dialect === "postgres" ? sql`current_schema()` : sql`database()`;
	const { rows } = await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = ${schema} and table_name = ${table}`.execute(db);
	return new Set(rows.map((row) => String(row.name ?? (row as Record<string, unknown>).NAME)));
}
