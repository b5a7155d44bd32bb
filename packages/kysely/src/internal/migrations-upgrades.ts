import { type Kysely, type Migration, sql } from "kysely";
import type { TableNames } from "../options.js";
import { columnsOf, createIndex, tableSuffix } from "./ddl.js";
import { type DialectName, detectDialect } from "./dialect.js";

// Every step is idempotent (columns added only when missing, tables and indexes only if absent),
// as the first migration is: a second Migrator over existing tables succeeds.

/** The longest credential id: WebAuthn allows 1023 bytes, 1364 characters in base64url. */
export const maxCredentialIdLength = 1364;

async function dropIndex(db: Kysely<any>, dialect: DialectName, name: string, table: string): Promise<void> {
	if (dialect !== "mysql") return void (await db.schema.dropIndex(name).ifExists().execute());
	try {
		await db.schema.dropIndex(name).on(table).execute();
	} catch (error) {
		// MySQL names the table and has no DROP INDEX IF EXISTS: 1091 is "can't drop; check that it exists".
		if ((error as { errno?: unknown }).errno !== 1091) throw error;
	}
}

/** `identity_0002_account_flows`: the email pair (unless it is the identity field) and `confirmed_at`. */
export function accountFlowsMigration(n: TableNames): Migration {
	const emailIndex = `${n.users}_${n.emailKey}_unique`;
	return {
		async up(db) {
			const dialect = detectDialect(db);
			const existing = await columnsOf(db, dialect, n.users);
			const add = async (column: string, type: "varchar(320)" | "bigint") => {
				if (!existing.has(column)) await db.schema.alterTable(n.users).addColumn(column, type).execute();
			};
			if (n.separateEmail) {
				await add(n.emailColumn, "varchar(320)");
				await add(n.emailKey, "varchar(320)");
				// Unique ignoring case through the folded column; NULLs (no address) never clash.
				await createIndex(db, dialect === "mysql", emailIndex, n.users, [n.emailKey], true);
			}
			await add("confirmed_at", "bigint");
		},
		async down(db) {
			const dialect = detectDialect(db);
			const existing = await columnsOf(db, dialect, n.users);
			if (n.separateEmail) {
				await dropIndex(db, dialect, emailIndex, n.users);
				for (const column of [n.emailKey, n.emailColumn]) if (existing.has(column)) await db.schema.alterTable(n.users).dropColumn(column).execute();
			}
			if (existing.has("confirmed_at")) await db.schema.alterTable(n.users).dropColumn("confirmed_at").execute();
		}
	};
}

/** `identity_0003_used_tokens`: consumed single-use tokens, kept until they expire. */
export function usedTokensMigration(n: TableNames): Migration {
	return {
		async up(db) {
			const dialect = detectDialect(db);
			await db.schema
				.createTable(n.usedTokens)
				.ifNotExists()
				.addColumn("key", "varchar(512)", (c) => c.primaryKey())
				.addColumn("expires_at", "bigint", (c) => c.notNull())
				.modifyEnd(await tableSuffix(db, dialect))
				.execute();
			await createIndex(db, dialect === "mysql", `${n.usedTokens}_expires_at_index`, n.usedTokens, ["expires_at"]);
		},
		async down(db) {
			await db.schema.dropTable(n.usedTokens).ifExists().execute();
		}
	};
}

/** `identity_0004_second_factors`: TOTP state, recovery codes and passkeys, each cascading on user delete. */
export function secondFactorsMigration(n: TableNames): Migration {
	return {
		async up(db) {
			const dialect = detectDialect(db);
			const suffix = await tableSuffix(db, dialect);
			const id = "varchar(32)" as const;
			await db.schema
				.createTable(n.twoFactor)
				.ifNotExists()
				.addColumn("user_id", id, (c) => c.primaryKey())
				.addColumn("secret", "text", (c) => c.notNull())
				.addColumn("enabled_at", "bigint")
				.addColumn("last_step", "bigint", (c) => c.notNull().defaultTo(0))
				.addColumn("updated_at", "bigint", (c) => c.notNull())
				.addForeignKeyConstraint(`${n.twoFactor}_user_fk`, ["user_id"], n.users, ["id"], (c) => c.onDelete("cascade"))
				.modifyEnd(suffix)
				.execute();
			await db.schema
				.createTable(n.recoveryCodes)
				.ifNotExists()
				.addColumn("user_id", id, (c) => c.notNull())
				.addColumn("code_hash", "varchar(255)", (c) => c.notNull())
				.addPrimaryKeyConstraint(`${n.recoveryCodes}_pk`, ["user_id", "code_hash"])
				.addForeignKeyConstraint(`${n.recoveryCodes}_user_fk`, ["user_id"], n.users, ["id"], (c) => c.onDelete("cascade"))
				.modifyEnd(suffix)
				.execute();
			// Credential ids are base64url, compared exactly; as ASCII they fit MySQL's key length limit.
			const credentialId = dialect === "mysql" ? sql.raw(`varchar(${maxCredentialIdLength}) character set ascii collate ascii_bin`) : sql.raw(`varchar(${maxCredentialIdLength})`);
			await db.schema
				.createTable(n.passkeys)
				.ifNotExists()
				.addColumn("id", credentialId, (c) => c.primaryKey())
				.addColumn("user_id", id, (c) => c.notNull())
				.addColumn("name", "varchar(255)", (c) => c.notNull())
				.addColumn("public_key", "text", (c) => c.notNull())
				.addColumn("algorithm", "integer", (c) => c.notNull())
				.addColumn("counter", "bigint", (c) => c.notNull())
				.addColumn("transports", "varchar(1024)", (c) => c.notNull())
				.addColumn("created_at", "bigint", (c) => c.notNull())
				.addColumn("last_used_at", "bigint")
				.addForeignKeyConstraint(`${n.passkeys}_user_fk`, ["user_id"], n.users, ["id"], (c) => c.onDelete("cascade"))
				.modifyEnd(suffix)
				.execute();
			await createIndex(db, dialect === "mysql", `${n.passkeys}_user_id_index`, n.passkeys, ["user_id", "created_at"]);
		},
		async down(db) {
			for (const table of [n.passkeys, n.recoveryCodes, n.twoFactor]) await db.schema.dropTable(table).ifExists().execute();
		}
	};
}
