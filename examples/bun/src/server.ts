import type { Server } from "bun";
import { createIdentity } from "@identity/core";
import { createBunPasswordHasher, createBunSqliteStore } from "@identity/bun";
import { createFixtureApp, createFixtureRoutes, FIXTURE_SECRET, seedFixtureUsers } from "@identity/testing/fixture";

let server: Server<undefined> | undefined;

const identity = createIdentity({
	store: await createBunSqliteStore(Bun.env.DATABASE ?? ":memory:"),
	secret: Bun.env.IDENTITY_SECRET ?? FIXTURE_SECRET,
	password: { hasher: createBunPasswordHasher() },
	// Bun knows the peer address per request through the server.
	getClientAddress: (request) => server?.requestIP(request)?.address ?? null
});
await seedFixtureUsers(identity.store, identity.hashPassword);

// The guarded fixture handlers go into Bun's `routes` unchanged; `fetch` serves the identity
// routes and everything `routes` does not match.
server = Bun.serve({
	port: Number(Bun.env.PORT ?? 3000),
	hostname: Bun.env.HOST ?? "127.0.0.1",
	routes: createFixtureRoutes(identity),
	fetch: createFixtureApp(identity)
});
console.log(`Bun example listening on ${server.url.href.replace(/\/$/, "")}`);
