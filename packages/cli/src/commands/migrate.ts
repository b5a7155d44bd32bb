import { migrateToLatest } from "@identity/kysely";
import type { Command } from "../internal/command.js";
import { redactDatabaseUrl } from "../internal/database.js";

/** `identity migrate`: creates or updates the identity tables (idempotent). */
export const migrate: Command = {
	spec: {
		name: "migrate",
		summary: "Create or update the identity tables (idempotent; a new SQLite file is created).",
		positionals: [],
		options: {},
		examples: ["identity migrate --db postgres://app@localhost/app", "identity migrate --table-prefix auth_"]
	},
	async run(context) {
		const { db } = await context.database();
		const result = await migrateToLatest(db, context.tableOptions);
		const applied = (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
		const where = redactDatabaseUrl(context.settings.databaseUrl);
		const text = applied.length ? `Applied ${applied.join(", ")} to ${where}` : `${where} is up to date`;
		return { data: { applied, database: where }, text };
	}
};
