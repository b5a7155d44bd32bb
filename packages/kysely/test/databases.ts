import { Kysely, MysqlDialect, PostgresDialect } from "kysely";
import { createPool } from "mysql2";
import pg from "pg";

/** The test servers: PostgreSQL and MariaDB/MySQL, named by environment variables. */
export type ServerKind = "postgres" | "mysql";

const variables: Record<ServerKind, string> = { postgres: "IDENTITY_TEST_PG", mysql: "IDENTITY_TEST_MYSQL" };

/** An isolated database on a test server: its own schema (PostgreSQL) or database (MySQL). */
export interface TestDatabase {
	db: Kysely<any>;
	/** The isolated schema or database name. */
	name: string;
	/** Destroys the pool and drops the schema or database. */
	drop(): Promise<void>;
}

/**
 * The server URL, or a reason to skip. Unset outside CI: skip (the reason is printed). Unset
 * under CI=true: no skip, and {@link openTestDatabase} fails, so CI never silently skips.
 */
export function testServer(kind: ServerKind): { url: string | undefined; skip: string | undefined } {
	const url = process.env[variables[kind]] || undefined;
	const skip = !url && process.env.CI !== "true" ? `${variables[kind]} is not set (e.g. ${kind === "postgres" ? "postgres://postgres@127.0.0.1:5432/test" : "mysql://root@127.0.0.1:3306/test"})` : undefined;
	return { url, skip };
}

function randomName(): string {
	return `identity_test_${Math.random().toString(36).slice(2, 10)}`;
}

function connectPostgres(url: string, name: string): Kysely<any> {
	return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, options: `-c search_path=${name}`, max: 10 }) }) });
}

function connectMysql(url: string, name: string): Kysely<any> {
	const scoped = new URL(url);
	scoped.pathname = `/${name}`;
	return new Kysely<any>({ dialect: new MysqlDialect({ pool: createPool({ uri: scoped.toString(), connectionLimit: 10 }) }) });
}

/**
 * Another connection pool on a database {@link openTestDatabase} made (`name`), e.g. from a second
 * process; the caller destroys it, the opener drops the database.
 */
export function connectTestDatabase(kind: ServerKind, url: string, name: string): Kysely<any> {
	return kind === "postgres" ? connectPostgres(url, name) : connectMysql(url, name);
}

async function openPostgres(url: string, name: string): Promise<TestDatabase> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`create schema "${name}"`);
	} finally {
		await admin.end();
	}
	const db = connectPostgres(url, name);
	return {
		db,
		name,
		async drop() {
			await db.destroy();
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			await client.query(`drop schema if exists "${name}" cascade`);
			await client.end();
		}
	};
}

async function openMysql(url: string, name: string): Promise<TestDatabase> {
	const adminPool = createPool({ uri: url, connectionLimit: 1 });
	const admin = adminPool.promise();
	try {
		await admin.query(`create database \`${name}\``);
	} finally {
		await admin.end();
	}
	const db = connectMysql(url, name);
	return {
		db,
		name,
		async drop() {
			await db.destroy();
			const pool = createPool({ uri: url, connectionLimit: 1 }).promise();
			await pool.query(`drop database if exists \`${name}\``);
			await pool.end();
		}
	};
}

/**
 * Creates an isolated, empty schema (PostgreSQL) or database (MySQL) on the test server.
 * @throws when the variable is unset (only reached under CI) or the server is unreachable.
 */
export async function openTestDatabase(kind: ServerKind): Promise<TestDatabase> {
	const { url } = testServer(kind);
	if (!url) throw new Error(`${variables[kind]} must be set when CI=true`);
	return kind === "postgres" ? openPostgres(url, randomName()) : openMysql(url, randomName());
}
