import type { Kysely } from "kysely";
import type { IdentityStoreWith, OptionalStoreMethod, UserRef } from "@identity/core";
import { type IdentityTableOptions, resolveTableNames } from "./options.js";
import { clearAttempts, createAttemptRecorder, readAttempts } from "./internal/attempts.js";
import type { StoreContext } from "./internal/context.js";
import { detectDialect } from "./internal/dialect.js";
import { directReadOf } from "./internal/direct-reads.js";
import { registerPreparedStatements } from "./internal/statement-names.js";
import { guard } from "./internal/errors.js";
import { buildStatements } from "./internal/queries.js";
import { changeLink, createRole, findRole, listRoles } from "./internal/roles.js";
import { createUser } from "./internal/user-create.js";
import { findUser, listUsers } from "./internal/user-reads.js";
import { confirmUser, deleteUser, recordLogin, setActive, setEmail, setPassword, setUniquifier, toggleActive } from "./internal/user-updates.js";
import { createPasskeyAdder, deletePasskey, findPasskey, listPasskeys, updatePasskeyCounter } from "./internal/passkeys.js";
import { createTokenConsumer } from "./internal/tokens.js";
import { advanceTotpStep, getTwoFactor, setTwoFactor, takeRecoveryCode } from "./internal/two-factor.js";

/** Options of {@link createKyselyStore}: the same names the migrations were run with. */
export type KyselyStoreOptions = IdentityTableOptions;

/**
 * The `IdentityStore` of `@identity/core` on a Kysely database (SQLite, PostgreSQL or
 * MySQL/MariaDB) whose tables were created by {@link migrateToLatest} or {@link identityMigrations}.
 *
 * Every call is atomic. Identity values and email addresses are matched case-insensitively
 * (NFKC, trimmed, lowercased) and role names exactly, identically on every dialect. Statements
 * are built once; a user lookup with its roles is one indexed query. The store caches nothing; it
 * tells subscribers (`subscribe`, used by the identity's user cache) of every write that changes a
 * user, so revocation through this store object takes effect at once. The compare-and-set
 * methods (`advanceTotpStep`, `takeRecoveryCode`, `updatePasskeyCounter`, `consumeToken`) are
 * single statements, atomic on every dialect (D1 included). The store implements every optional
 * method of the port. It runs its SQL without the Kysely instance's plugins (their name
 * mapping would not match the store's tables).
 *
 * @throws InvalidOptionsError (`ERR_INVALID_OPTIONS`) for bad names or an unsupported dialect.
 * @example
 * const store = createKyselyStore(db, { identityField: "email" });
 * const identity = createIdentity({ store, secret });
 */
export function createKyselyStore(db: Kysely<any>, options: KyselyStoreOptions = {}): IdentityStoreWith<OptionalStoreMethod> {
	const names = resolveTableNames(options);
	const dialect = detectDialect(db);
	const ctx: StoreContext = { db: db.withoutPlugins(), dialect, names, sql: buildStatements(dialect, names), direct: directReadOf(db) };
	// The hot reads, for a pool wrapped by withPreparedStatements (PostgreSQL only).
	if (dialect === "postgres") registerPreparedStatements([ctx.sql.userById, ctx.sql.userByKey, ctx.sql.userByUniquifier, ctx.sql.userByEmail]);
	const addAttempt = createAttemptRecorder(ctx);
	const consumeToken = createTokenConsumer(ctx);
	const addPasskey = createPasskeyAdder(ctx);
	const listeners = new Set<(userId: string) => void>();
	/** Runs a write of `ref`'s user, then tells the subscribers (the identity's user cache) who changed. */
	async function changing<T>(ref: UserRef, write: () => Promise<T>): Promise<T> {
		if (listeners.size === 0) return write();
		const id = typeof ref === "object" && ref !== null ? ref.id : (await findUser(ctx, ref))?.id;
		const result = await write();
		if (typeof id === "string") for (const listener of listeners) listener(id);
		return result;
	}
	return {
		identityField: names.identityField,
		findUser: (query) => guard("findUser", () => findUser(ctx, query)),
		findRole: (query) => guard("findRole", () => findRole(ctx, query)),
		createUser: (user) => guard("createUser", () => createUser(ctx, user)),
		createRole: (role) => guard("createRole", () => createRole(ctx, role)),
		addRoleToUser: (user, role) => guard("addRoleToUser", () => changing(user, () => changeLink(ctx, "addRole", user, role))),
		removeRoleFromUser: (user, role) => guard("removeRoleFromUser", () => changing(user, () => changeLink(ctx, "removeRole", user, role))),
		toggleActive: (user) => guard("toggleActive", () => changing(user, () => toggleActive(ctx, user))),
		deactivateUser: (user) => guard("deactivateUser", () => changing(user, () => setActive(ctx, user, false))),
		activateUser: (user) => guard("activateUser", () => changing(user, () => setActive(ctx, user, true))),
		setUniquifier: (user, uniquifier) => guard("setUniquifier", () => changing(user, () => setUniquifier(ctx, user, uniquifier))),
		setPassword: (user, hash) => guard("setPassword", () => changing(user, () => setPassword(ctx, user, hash))),
		deleteUser: (user) => guard("deleteUser", () => changing(user, () => deleteUser(ctx, user))),
		listUsers: (listOptions) => guard("listUsers", () => listUsers(ctx, listOptions)),
		listRoles: () => guard("listRoles", () => listRoles(ctx)),
		recordLogin: (user, login) => guard("recordLogin", () => changing(user, () => recordLogin(ctx, user, login))),
		commit: async () => {},
		setEmail: (user, email) => guard("setEmail", () => changing(user, () => setEmail(ctx, user, email))),
		confirmUser: (user, at) => guard("confirmUser", () => changing(user, () => confirmUser(ctx, user, at))),
		getTwoFactor: (user) => guard("getTwoFactor", () => getTwoFactor(ctx, user)),
		setTwoFactor: (user, state) => guard("setTwoFactor", () => changing(user, () => setTwoFactor(ctx, user, state))),
		advanceTotpStep: (user, step) => guard("advanceTotpStep", () => advanceTotpStep(ctx, user, step)),
		takeRecoveryCode: (user, hash) => guard("takeRecoveryCode", () => takeRecoveryCode(ctx, user, hash)),
		listPasskeys: (user) => guard("listPasskeys", () => listPasskeys(ctx, user)),
		addPasskey: (user, passkey) => guard("addPasskey", () => changing(user, () => addPasskey(user, passkey))),
		findPasskey: (id) => guard("findPasskey", () => findPasskey(ctx, id)),
		updatePasskeyCounter: (id, counter, at) => guard("updatePasskeyCounter", () => updatePasskeyCounter(ctx, id, counter, at)),
		deletePasskey: (user, id) => guard("deletePasskey", () => changing(user, () => deletePasskey(ctx, user, id))),
		readAttempts: (key, now) => guard("readAttempts", () => readAttempts(ctx, key, now)),
		addAttempt: (key, windowSeconds, now) => guard("addAttempt", () => addAttempt(key, windowSeconds, now)),
		clearAttempts: (key) => guard("clearAttempts", () => clearAttempts(ctx, key)),
		consumeToken: (key, expiresAt) => guard("consumeToken", () => consumeToken(key, expiresAt)),
		subscribe(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		}
	};
}
