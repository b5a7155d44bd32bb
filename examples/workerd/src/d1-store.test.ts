import { describeStore } from "@identity/testing";
import { createKyselyStore, migrateToLatest } from "@identity/kysely";
import { Kysely } from "kysely";
import { Miniflare } from "miniflare";
import { type D1Database, createD1Dialect } from "./d1-dialect.js";

// The store suite on a real D1 database (workerd's, through Miniflare's binding proxy): the same
// migrations, and the compare-and-sets atomic without transactions (D1 has none).
describeStore("kysely: Cloudflare D1 (miniflare)", async () => {
	const miniflare = new Miniflare({ modules: true, script: "export default { fetch: () => new Response(null) }", d1Databases: { DB: "identity-store-suite" } });
	const db = new Kysely<any>({ dialect: createD1Dialect((await miniflare.getD1Database("DB")) as unknown as D1Database) });
	await migrateToLatest(db);
	return { store: createKyselyStore(db), close: () => miniflare.dispose() };
});
