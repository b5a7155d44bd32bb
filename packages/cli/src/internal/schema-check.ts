import type { Kysely } from "kysely";
import { type IdentityTableOptions, createIdentityMigrator } from "@identity/kysely";
import { CommandError } from "./errors.js";

/**
 * Refuses to work on a database whose identity tables are missing or outdated: the tool never
 * changes a server's schema unless asked (`identity migrate`).
 * @throws CommandError ERR_NOT_MIGRATED.
 */
export async function assertMigrated(db: Kysely<any>, options: IdentityTableOptions): Promise<void> {
	const migrations = await (await createIdentityMigrator(db, options)).getMigrations();
	const pending = migrations.filter((m) => m.executedAt === undefined).length;
	if (pending > 0) {
		throw new CommandError(
			"ERR_NOT_MIGRATED",
			`The identity tables are missing or outdated (${pending} pending migration${pending > 1 ? "s" : ""}): run identity migrate first`
		);
	}
}
