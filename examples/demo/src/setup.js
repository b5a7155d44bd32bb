import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createIdentity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { clientAddressOf, createWorkerPoolHasher } from "@identity/node";
import { seedDemo } from "./seed.js";

/**
 * The signing secret: `IDENTITY_SECRET` when set, else one generated on first start and kept in a
 * file next to the database, so sessions and remember-me cookies survive restarts.
 */
export function loadSecret(secretPath, env = process.env) {
	if (env.IDENTITY_SECRET) return env.IDENTITY_SECRET;
	if (existsSync(secretPath)) return readFileSync(secretPath, "utf8").trim();
	const secret = randomBytes(32).toString("base64url");
	writeFileSync(secretPath, `${secret}\n`, { mode: 0o600 });
	return secret;
}

/**
 * Opens (and migrates) the demo database, creates the identity and seeds the demo users on first
 * start.
 *
 * @param {{ databasePath: string, secret: string, rateLimit?: object | false }} options
 * @returns {Promise<{ identity: import("@identity/core").Identity, seeded: boolean, close(): Promise<void> }>}
 */
export async function openDemo({ databasePath, secret, rateLimit }) {
	const db = await createSqliteDatabase(databasePath);
	const store = createKyselyStore(db);
	const identity = createIdentity({
		store,
		secret,
		getClientAddress: clientAddressOf,
		// Argon2id runs in worker threads, so a login never stalls other requests.
		password: { hasher: createWorkerPoolHasher() },
		...(rateLimit === undefined ? {} : { rateLimit })
	});
	const seeded = await seedDemo(identity);
	return { identity, seeded, close: () => db.destroy() };
}
