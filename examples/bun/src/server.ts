import type { Server } from "bun";
import { createIdentity } from "@identity/core";
import { createBunPasswordHasher, createBunSqliteStore } from "@identity/bun";
import { createApp, createRoutes } from "./routes";
import { exampleSecret } from "./secret";
import { exampleUsers, seedExampleUsers } from "./users";

let server: Server<undefined> | undefined;

const identity = createIdentity({
	store: await createBunSqliteStore(Bun.env.DATABASE ?? ":memory:"),
	secret: exampleSecret(Bun.env),
	password: { hasher: createBunPasswordHasher() },
	// Bun knows the peer address per request through the server.
	getClientAddress: (request) => server?.requestIP(request)?.address ?? null
});
await seedExampleUsers(identity);

// The guarded handlers go into Bun's `routes` unchanged; `fetch` serves the identity routes and
// everything `routes` does not match.
server = Bun.serve({
	port: Number(Bun.env.PORT ?? 3000),
	hostname: Bun.env.HOST ?? "127.0.0.1",
	routes: createRoutes(identity),
	fetch: createApp(identity)
});
const url = server.url.href.replace(/\/$/, "");
console.log(`Bun example listening on ${url}`);
console.log(`Sign in at ${url}/identity/login as ${exampleUsers[0]!.username} / ${exampleUsers[0]!.password} (every user: README.md)`);
