import { CompiledQuery, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, bench, describe } from "vitest";
import type { IdentityStore } from "@identity/core";
import { createKyselyStore, migrateToLatest } from "../src/index.js";
import { createSqliteDatabase } from "../src/sqlite.js";
import { seedUsers, seededId, seededName } from "./seed.js";

// User lookup with roles (the per-request hot path) at 10k and 1M users. Vitest prints the
// ratio of each pair ("x times faster than"); an index-only plan keeps it near 1.
const sizes = [10_000, 1_000_000] as const;
const options = { time: 1500, warmupTime: 300 };
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const close of closers) await close();
});

let n = 0;
function nextUser(count: number): number {
	// A fixed stride walks the whole table (no cache-friendly hot set).
	n = (n + 7_919) % count;
	return n + 1;
}

interface Target {
	store: IdentityStore;
	db: Kysely<any>;
}

async function sqliteStore(count: number): Promise<Target> {
	const db = await createSqliteDatabase(":memory:");
	await seedUsers(db, "sqlite", count);
	closers.push(() => db.destroy());
	return { store: createKyselyStore(db), db };
}

async function postgresStore(url: string, count: number): Promise<Target> {
	const schema = `identity_bench_${count}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 4 }) }) });
	closers.push(async () => {
		await db.destroy();
		await admin.query(`drop schema ${schema} cascade`);
		await admin.end();
	});
	await migrateToLatest(db);
	await seedUsers(db, "postgres", count);
	return { store: createKyselyStore(db), db };
}

async function check(store: IdentityStore, count: number): Promise<void> {
	const user = await store.findUser({ id: seededId(count) });
	if (user?.roles.join() !== "admin,editor") throw new Error(`Seeding failed: ${JSON.stringify(user)}`);
}

const targets: Array<[string, (count: number) => Promise<Target>]> = [["SQLite", sqliteStore]];
const pgUrl = process.env.IDENTITY_TEST_PG;
if (pgUrl) targets.push(["PostgreSQL", (count) => postgresStore(pgUrl, count)]);
else console.warn("lookup.bench: PostgreSQL skipped (IDENTITY_TEST_PG is not set)");

for (const [label, open] of targets) {
	const stores = new Map<number, IdentityStore>();
	let db: Kysely<any> | undefined;
	for (const count of sizes) {
		const target = await open(count);
		await check(target.store, count);
		stores.set(count, target.store);
		db = target.db;
	}
	describe(`${label}: findUser({ id }) with roles`, () => {
		for (const count of sizes) {
			bench(`${count} users`, async () => void (await stores.get(count)!.findUser({ id: seededId(nextUser(count)) })), options);
		}
	});
	// The floor: one round trip through the same Kysely instance, no table touched.
	describe(`${label}: baseline`, () => {
		bench("select 1", async () => void (await db!.executeQuery(CompiledQuery.raw("select 1", []))), options);
	});
	describe(`${label}: findUser(identity) with roles`, () => {
		for (const count of sizes) {
			bench(`${count} users`, async () => void (await stores.get(count)!.findUser(seededName(nextUser(count)))), options);
		}
	});
}


