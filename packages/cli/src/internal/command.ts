import type { IdentityStore, IdentityStoreWith, OptionalStoreMethod, RoleRecord, UserRecord } from "@identity/core";
import type { CommandSpec, ParsedArgs } from "./args.js";
import { CommandError } from "./errors.js";
import type { CliIo } from "./io.js";
import type { CommandResult } from "./output.js";
import type { OpenDatabase } from "./database.js";

/** The store options every command shares (`--identity-field`, `--table-prefix`). */
export interface StoreSettings {
	/** `--db`, `$IDENTITY_DATABASE_URL`, else `./identity.db`. */
	databaseUrl: string;
	/** What to fix when the database is wrong, after where `databaseUrl` came from: `check --db`. */
	databaseUrlHint: string;
	identityField?: string;
	tablePrefix?: string;
}

/** What a command gets besides its arguments. The database opens on first use only. */
export interface CommandContext {
	io: CliIo;
	settings: StoreSettings;
	/** The store options derived from the settings, for `createKyselyStore` and the migrations. */
	tableOptions: { identityField?: string; tablePrefix?: string };
	/** The store, on a migrated database (else ERR_NOT_MIGRATED), with every optional method group. */
	store(): Promise<IdentityStoreWith<OptionalStoreMethod>>;
	/** The raw connection (for `migrate`), created if it is a new SQLite file. */
	database(): Promise<OpenDatabase>;
}

/** One command: its spec (for parsing and help) and what it does. */
export interface Command {
	spec: CommandSpec;
	run(context: CommandContext, args: ParsedArgs): Promise<CommandResult>;
}

/**
 * The user with this identity value.
 * @throws CommandError ERR_USER_NOT_FOUND.
 */
export async function requireUser(store: IdentityStore, identity: string): Promise<UserRecord> {
	const user = await store.findUser(identity);
	if (!user) throw new CommandError("ERR_USER_NOT_FOUND", `No user "${identity}"`);
	return user;
}

/**
 * The role with this name.
 * @throws CommandError ERR_ROLE_NOT_FOUND.
 */
export async function requireRole(store: IdentityStore, name: string): Promise<RoleRecord> {
	const role = await store.findRole(name);
	if (!role) throw new CommandError("ERR_ROLE_NOT_FOUND", `No role "${name}" (create it with: identity roles create ${name})`);
	return role;
}

/** The identity value of a user record, as text. */
export function identityOf(store: IdentityStore, user: UserRecord): string {
	return String(user[store.identityField]);
}
