import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createIdentity, createOutboxMailer } from "@identity/core";
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
 * Opens (and migrates) the demo database, creates the identity with every feature on (account
 * flows with a dev mailbox instead of SMTP, two-factor, passkeys for `origin`) and seeds the demo
 * users on first start.
 *
 * @param {{ databasePath: string, secret: string, origin?: string, rateLimit?: object | false, hasher?: import("@identity/core").PasswordHasher }} options
 */
export async function openDemo({ databasePath, secret, origin = "http://localhost:3000", rateLimit, hasher }) {
	const db = await createSqliteDatabase(databasePath);
	const store = createKyselyStore(db);
	const mailer = createOutboxMailer();
	const pool = hasher ? null : createWorkerPoolHasher();
	const identity = createIdentity({
		store,
		secret,
		getClientAddress: clientAddressOf,
		// Argon2id runs in worker threads, so a login never stalls other requests.
		password: { hasher: hasher ?? pool },
		mailer,
		flows: { register: true, confirm: true, recover: true, changePassword: true, changeEmail: true },
		twoFactor: { issuer: "identity demo" },
		passkeys: { rpId: new URL(origin).hostname, rpName: "identity demo", origins: [origin] },
		routes: { origin },
		...(rateLimit === undefined ? {} : { rateLimit })
	});
	const seeded = await seedDemo(identity);
	return {
		identity,
		mailer,
		seeded,
		async close() {
			await pool?.close?.();
			await db.destroy();
		}
	};
}
