import type { Kysely } from "kysely";
import type { IdentityStore } from "@identity/core";
import { type IdentityTableOptions, resolveTableNames } from "./options.js";
import { clearAttempts, createAttemptRecorder, readAttempts } from "./internal/attempts.js";
import type { StoreContext } from "./internal/context.js";
import { detectDialect } from "./internal/dialect.js";
import { guard } from "./internal/errors.js";
import { buildStatements } from "./internal/queries.js";
import { changeLink, createRole, findRole, listRoles } from "./internal/roles.js";
import { createUser } from "./internal/user-create.js";
import { findUser, listUsers } from "./internal/user-reads.js";
import { deleteUser, recordLogin, setActive, setPassword, setUniquifier, toggleActive } from "./internal/user-updates.js";

/** Options of {@link createKyselyStore}: the same names the migrations were run with. */
export type KyselyStoreOptions = IdentityTableOptions;

/**
 * The `IdentityStore` of `@identity/core` on a Kysely database (SQLite, PostgreSQL or
 * MySQL/MariaDB) whose tables were created by {@link migrateToLatest} or {@link identityMigrations}.
 *
 * Every call is atomic. Identity values are matched case-insensitively (NFKC, trimmed,
 * lowercased) and role names exactly, identically on every dialect. Statements are built once;
 * a user lookup with its roles is one indexed query. Users are never cached, so deactivation and
 * uniquifier rotation take effect at the next request. The store runs its SQL without the
 * Kysely instance's plugins (their name mapping would not match the store's tables).
 *
 * @throws InvalidOptionsError (`ERR_INVALID_OPTIONS`) for bad names or an unsupported dialect.
 * @example
 * const store = createKyselyStore(db, { identityField: "email" });
 * const identity = createIdentity({ store, secret });
 */
export function createKyselyStore(db: Kysely<any>, options: KyselyStoreOptions = {}): IdentityStore {
	const names = resolveTableNames(options);
	const dialect = detectDialect(db);
	const ctx: StoreContext = { db: db.withoutPlugins(), dialect, names, sql: buildStatements(dialect, names) };
	const addAttempt = createAttemptRecorder(ctx);
	return {
		identityField: names.identityField,
		findUser: (query) => guard("findUser", () => findUser(ctx, query)),
		findRole: (query) => guard("findRole", () => findRole(ctx, query)),
		createUser: (user) => guard("createUser", () => createUser(ctx, user)),
		createRole: (role) => guard("createRole", () => createRole(ctx, role)),
		addRoleToUser: (user, role) => guard("addRoleToUser", () => changeLink(ctx, "addRole", user, role)),
		removeRoleFromUser: (user, role) => guard("removeRoleFromUser", () => changeLink(ctx, "removeRole", user, role)),
		toggleActive: (user) => guard("toggleActive", () => toggleActive(ctx, user)),
		deactivateUser: (user) => guard("deactivateUser", () => setActive(ctx, user, false)),
		activateUser: (user) => guard("activateUser", () => setActive(ctx, user, true)),
		setUniquifier: (user, uniquifier) => guard("setUniquifier", () => setUniquifier(ctx, user, uniquifier)),
		setPassword: (user, hash) => guard("setPassword", () => setPassword(ctx, user, hash)),
		deleteUser: (user) => guard("deleteUser", () => deleteUser(ctx, user)),
		listUsers: (listOptions) => guard("listUsers", () => listUsers(ctx, listOptions)),
		listRoles: () => guard("listRoles", () => listRoles(ctx)),
		recordLogin: (user, login) => guard("recordLogin", () => recordLogin(ctx, user, login)),
		commit: async () => {},
		readAttempts: (key, now) => guard("readAttempts", () => readAttempts(ctx, key, now)),
		addAttempt: (key, windowSeconds, now) => guard("addAttempt", () => addAttempt(key, windowSeconds, now)),
		clearAttempts: (key) => guard("clearAttempts", () => clearAttempts(ctx, key))
	};
}
