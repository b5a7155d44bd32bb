import { Kysely, SqliteDialect } from "kysely";
import { createIdentity } from "@identity/core";
import { createKyselyStore, migrateToLatest } from "@identity/kysely";
import { createFixtureApp, FIXTURE_SECRET, seedFixtureUsers } from "@identity/testing/fixture";
import { openSqlite } from "./sqlite-database.ts";

const db = new Kysely({ dialect: new SqliteDialect({ database: openSqlite(Deno.env.get("DATABASE") ?? ":memory:") }) });
await migrateToLatest(db);

// Deno hands the peer address to the handler (`info.remoteAddr`); core reads it back per Request.
const addresses = new WeakMap<Request, string>();
const identity = createIdentity({
	store: createKyselyStore(db),
	secret: Deno.env.get("IDENTITY_SECRET") ?? FIXTURE_SECRET,
	getClientAddress: (request) => addresses.get(request) ?? null
});
await seedFixtureUsers(identity.store, identity.hashPassword);

const app = createFixtureApp(identity);
Deno.serve(
	{
		port: Number(Deno.env.get("PORT") ?? 3000),
		hostname: Deno.env.get("HOST") ?? "127.0.0.1",
		onListen: ({ hostname, port }) => console.log(`Deno example listening on http://${hostname}:${port}`)
	},
	(request, info) => {
		addresses.set(request, (info.remoteAddr as Deno.NetAddr).hostname);
		return app(request);
	}
);
