import { existsSync } from "node:fs";
import type { IdentityStoreWith, OptionalStoreMethod } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import type { ParsedArgs } from "./args.js";
import type { CommandContext, StoreSettings } from "./command.js";
import { type OpenDatabase, assertSqliteDirectory, databaseKind, openDatabase, sqlitePath } from "./database.js";
import { CommandError } from "./errors.js";
import type { CliIo } from "./io.js";
import { assertMigrated } from "./schema-check.js";

/** The default database when neither `--db` nor `$IDENTITY_DATABASE_URL` is given. */
export const defaultDatabaseUrl = "./identity.db";

/** `--db`, `--identity-field`, `--table-prefix`, each falling back to its environment variable. */
export function readStoreSettings(args: ParsedArgs, env: CliIo["env"]): StoreSettings {
	const pick = (option: string, variable: string) => {
		const value = args.values[option];
		return typeof value === "string" && value !== "" ? value : env[variable] || undefined;
	};
	const option = args.values.db;
	const databaseUrlHint =
		typeof option === "string" && option !== ""
			? "check --db"
			: env.IDENTITY_DATABASE_URL
				? "check IDENTITY_DATABASE_URL"
				: "set IDENTITY_DATABASE_URL or pass --db";
	return {
		databaseUrl: pick("db", "IDENTITY_DATABASE_URL") ?? defaultDatabaseUrl,
		databaseUrlHint,
		identityField: pick("identity-field", "IDENTITY_IDENTITY_FIELD"),
		tablePrefix: pick("table-prefix", "IDENTITY_TABLE_PREFIX")
	};
}

/** A command context whose database opens on first use; `close()` releases what was opened. */
export function createCommandContext(io: CliIo, settings: StoreSettings): CommandContext & { close(): Promise<void> } {
	const closers: (() => Promise<void>)[] = [];
	const tableOptions = {
		...(settings.identityField ? { identityField: settings.identityField } : {}),
		...(settings.tablePrefix !== undefined ? { tablePrefix: settings.tablePrefix } : {})
	};
	let database: Promise<OpenDatabase> | undefined;
	let store: Promise<IdentityStoreWith<OptionalStoreMethod>> | undefined;

	async function openStore(): Promise<IdentityStoreWith<OptionalStoreMethod>> {
		const url = settings.databaseUrl;
		const hint = settings.databaseUrlHint;
		if (databaseKind(url) === "sqlite") {
			const path = sqlitePath(url);
			assertSqliteDirectory(path, hint);
			if (path !== ":memory:" && !existsSync(path)) {
				throw new CommandError("ERR_DATABASE_NOT_FOUND", `No database file at ${path} (create it with: identity migrate, or ${hint})`);
			}
			// The same call the embedded default makes: same pragmas, and its (idempotent) migrations.
			const db = await createSqliteDatabase(path, tableOptions);
			closers.push(() => db.destroy());
			return createKyselyStore(db, tableOptions);
		}
		const opened = await openDatabase(url, { hint });
		closers.push(() => opened.close());
		await assertMigrated(opened.db, tableOptions);
		return createKyselyStore(opened.db, tableOptions);
	}

	return {
		io,
		settings,
		tableOptions,
		database: () =>
			(database ??= openDatabase(settings.databaseUrl, { hint: settings.databaseUrlHint }).then((opened) => {
				closers.push(() => opened.close());
				return opened;
			})),
		store: () => (store ??= openStore()),
		async close() {
			await Promise.allSettled([database, store]);
			for (const close of closers.splice(0)) await close().catch(() => {});
		}
	};
}
