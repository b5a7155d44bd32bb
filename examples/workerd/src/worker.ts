import { createIdentity, type Identity } from "@identity/core";
import { createKyselyStore, migrateToLatest } from "@identity/kysely";
import { Kysely } from "kysely";
import { createD1Dialect, type D1Database } from "./d1-dialect.js";
import { createApp } from "./routes.js";
import { seedExampleUsers } from "./users.js";

/** The worker's bindings (wrangler.toml / miniflare options). */
export interface Env {
	/** The D1 database holding the identity tables. */
	DB: D1Database;
	/** The identity secret, at least 32 bytes (a Worker secret in production). */
	IDENTITY_SECRET: string;
	/** `"example"`: create the example roles and users (`src/users.ts`) on first use (development and tests only). */
	SEED?: string;
}

type FetchHandler = (request: Request) => Promise<Response>;

// One identity per isolate: bindings arrive with the first request, and the set-up (migrations,
// seeding) must not run again for every request.
let app: Promise<{ identity: Identity; fetch: FetchHandler }> | undefined;

async function openApp(env: Env): Promise<{ identity: Identity; fetch: FetchHandler }> {
	const db = new Kysely<any>({ dialect: createD1Dialect(env.DB) });
	await migrateToLatest(db);
	const identity = createIdentity({
		store: createKyselyStore(db),
		secret: env.IDENTITY_SECRET,
		// Cloudflare puts the client address here; nothing else in a Worker knows it.
		getClientAddress: (request) => request.headers.get("cf-connecting-ip")
	});
	if (env.SEED === "example") await seedExampleUsers(identity);
	return { identity, fetch: createApp(identity) };
}

/** A Cloudflare-style module worker: one page per core guard (`src/routes.ts`) and core's identity routes. */
export default {
	async fetch(request: Request, env: Env): Promise<Response> {
		app ??= openApp(env).catch((error: unknown) => {
			app = undefined; // let the next request retry a failed start-up
			throw error;
		});
		return (await app).fetch(request);
	}
};
