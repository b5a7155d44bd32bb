import { Kysely, SqliteDialect } from "kysely";
import { createIdentity } from "@identity/core";
import { createKyselyStore, migrateToLatest } from "@identity/kysely";
import { createApp } from "./routes.ts";
import { exampleSecret } from "./secret.ts";
import { openSqlite } from "./sqlite-database.ts";
import { exampleUsers, seedExampleUsers } from "./users.ts";

const db = new Kysely({ dialect: new SqliteDialect({ database: openSqlite(Deno.env.get("DATABASE") ?? ":memory:") }) });
await migrateToLatest(db);

// Deno hands the peer address to the handler (`info.remoteAddr`); core reads it back per Request.
const addresses = new WeakMap<Request, string>();
const identity = createIdentity({
	store: createKyselyStore(db),
	secret: exampleSecret(Deno.env.toObject()),
	getClientAddress: (request) => addresses.get(request) ?? null
});
await seedExampleUsers(identity);

const app = createApp(identity);
Deno.serve(
	{
		port: Number(Deno.env.get("PORT") ?? 3000),
		hostname: Deno.env.get("HOST") ?? "127.0.0.1",
		onListen: ({ hostname, port }) => {
			const url = `http://${hostname}:${port}`;
			console.log(`Deno example listening on ${url}`);
			console.log(`Sign in at ${url}/identity/login as ${exampleUsers[0]!.username} / ${exampleUsers[0]!.password} (every user: README.md)`);
		}
	},
	(request, info) => {
		addresses.set(request, (info.remoteAddr as Deno.NetAddr).hostname);
		return app(request);
	}
);
