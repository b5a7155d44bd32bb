import { createIdentity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { createNextIdentity } from "@identity/next";

const secret = process.env.IDENTITY_SECRET;
if (!secret) throw new Error("Set IDENTITY_SECRET (at least 32 bytes) before building or starting the app");

/** The app's SQLite database (file from IDENTITY_DB, default ./identity.db), migrated on open. */
export const db = await createSqliteDatabase(process.env.IDENTITY_DB ?? "identity.db");

/**
 * The identity: guards for route handlers, `handle` for the catch-all identity route.
 * `trustedOrigins`: Next builds `request.url` from the address it listens on (`next start -H -p`),
 * not from the `Host` header, so list the public origin(s) that browsers send as `Origin`.
 */
export const identity = createIdentity({
	store: createKyselyStore(db),
	secret,
	trustedOrigins: (process.env.IDENTITY_TRUSTED_ORIGINS ?? "").split(",").filter(Boolean)
});

/** Server Component and Server Action helpers. */
export const { getCurrentUser, loginUser, loginWithPassword, logoutUser } = createNextIdentity(identity);
