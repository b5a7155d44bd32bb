import type { Kysely } from "kysely";
import { type IdentityStore, type NewUser, type UserRecord, accountFlowStoreMethods, hasStoreMethods, isIdentityError } from "@identity/core";
import { openDatabase } from "../internal/database.js";
import { type FlaskTables, type FlaskUser, readFlaskData } from "./flask-source.js";
import { readHashScheme } from "./hash-scheme.js";

/** Options of {@link importFlaskUsers}. */
export interface FlaskImportOptions {
	/** The Flask database: a SQLite file path, a `postgres://` or `mysql://` URL (opened read-only), or a Kysely instance. */
	source: string | Kysely<any>;
	/** Where users, roles and links go. */
	target: IdentityStore;
	/** The source column holding the identity value. Default: the column named like the target's `identityField`. */
	identityColumn?: string;
	/** Source table names. Default `{ user: "user", role: "role", userRoles: "roles_users" }`. */
	tables?: FlaskTables;
	/** Report what would happen; write nothing. */
	dryRun?: boolean;
}

/**
 * Why a source user was not imported: `exists` (the identity is taken in the target),
 * `email-exists` (another target user has the email address), `invalid-email` (an address the
 * store cannot hold: over 320 characters or with control characters), and the source row's own faults.
 */
export type FlaskImportSkipReason = "exists" | "email-exists" | "invalid-email" | "no-identity" | "no-password" | "unsupported-hash";

/** A source user that was not imported. Never carries the hash. */
export interface FlaskImportSkip {
	sourceId: string;
	identity: string | null;
	reason: FlaskImportSkipReason;
}

/** What {@link importFlaskUsers} did (or, with `dryRun`, would do). */
export interface FlaskImportReport {
	dryRun: boolean;
	identityColumn: string;
	/** The source uniquifier column, or null when users get fresh ones. */
	uniquifierColumn: string | null;
	/** The source column email addresses came from besides the identity, or null. */
	emailColumn: string | null;
	/** Users imported as confirmed (their `confirmed_at`). */
	confirmed: number;
	users: { read: number; created: number; skipped: number };
	roles: { read: number; created: number; existing: number };
	/** Role links written with the created users. */
	links: number;
	skipped: FlaskImportSkip[];
	/**
	 * Source user id -> new user id, for every created user: our ids are new random strings, so
	 * the app's own tables that referenced the Flask `user.id` need this mapping.
	 */
	ids: Record<string, string>;
	/** Imported users per hash scheme (`bcrypt`, `argon2`, ...). */
	schemes: Record<string, number>;
	notes: string[];
}

/**
 * Copies users, roles and role links from a Flask-Security-Too or Flask-Identity database into an
 * `IdentityStore`. Password hashes are copied verbatim (they verify with `password.legacySalt` set
 * to the Flask app's salt and are upgraded at the next login); `active` flags, uniquifiers,
 * Flask-Security's `email` (when the identity is another column) and `confirmed_at` are kept
 * (when the target store has the account-flow methods). Re-running is safe: users whose identity already exists in the target are skipped, never
 * overwritten, and existing roles are reused, so an interrupted import can simply be run again.
 * Plaintext and other unverifiable hashes are never imported (reported as skipped).
 * @throws IdentityError ERR_INVALID_ARGUMENT when the source lacks the user table or identity column; ERR_STORE on database failures.
 * @example
 * const report = await importFlaskUsers({ source: "instance/app.db", target: store });
 */
export async function importFlaskUsers(options: FlaskImportOptions): Promise<FlaskImportReport> {
	const opened = typeof options.source === "string" ? await openDatabase(options.source, { readonly: true, hint: "check the <source> argument" }) : null;
	try {
		const data = await readFlaskData(opened?.db ?? (options.source as Kysely<any>), {
			tables: options.tables,
			identityColumn: options.identityColumn,
			preferredIdentityColumn: options.target.identityField
		});
		const report: FlaskImportReport = {
			dryRun: options.dryRun === true,
			identityColumn: data.identityColumn,
			uniquifierColumn: data.uniquifierColumn,
			emailColumn: null,
			confirmed: 0,
			users: { read: data.users.length, created: 0, skipped: 0 },
			roles: { read: data.roles.length, created: 0, existing: 0 },
			links: 0,
			skipped: [],
			ids: {},
			schemes: {},
			notes: data.notes
		};
		// Emails and confirmation go only to a store that has them (an earlier store would refuse the fields).
		const accounts = hasStoreMethods(options.target, accountFlowStoreMethods);
		if (!accounts && (data.emailColumn || data.hasConfirmedAt)) report.notes.push("The target store has no email or confirmation fields: emails and confirmed_at were not imported");
		if (accounts && options.target.identityField !== "email") report.emailColumn = data.emailColumn;
		await importRoles(options.target, data.roles, report);
		for (const user of data.users) await importUser(options.target, accounts ? user : { ...user, email: null, confirmedAt: null }, report);
		report.users.skipped = report.skipped.length;
		return report;
	} finally {
		await opened?.close();
	}
}

async function importRoles(store: IdentityStore, roles: { name: string; description: string | null }[], report: FlaskImportReport) {
	for (const role of roles) {
		if (await store.findRole(role.name)) {
			report.roles.existing++;
			continue;
		}
		if (!report.dryRun) await store.createRole(role);
		report.roles.created++;
	}
}

async function importUser(store: IdentityStore, user: FlaskUser, report: FlaskImportReport) {
	const skip = (reason: FlaskImportSkipReason) => report.skipped.push({ sourceId: user.sourceId, identity: user.identity, reason });
	if (user.identity === null || user.identity.trim() === "") return skip("no-identity");
	if (user.password === null) return skip("no-password");
	const scheme = readHashScheme(user.password);
	if (scheme === null) return skip("unsupported-hash");
	if (await store.findUser(user.identity)) return skip("exists");
	const email = store.identityField === "email" ? null : user.email;
	if (email !== null) {
		if (email.length > 320 || /[\u0000-\u001f\u007f]/.test(email)) return skip("invalid-email");
		if (await store.findUser({ email })) return skip("email-exists");
	}
	if (!report.dryRun) {
		const record: NewUser = { [store.identityField]: user.identity, password: user.password, active: user.active, roles: user.roles };
		if (email !== null) record.email = email;
		if (user.confirmedAt !== null) record.confirmedAt = user.confirmedAt;
		let created: UserRecord;
		try {
			created = await store.createUser(user.uniquifier ? { ...record, uniquifier: user.uniquifier } : record);
		} catch (error) {
			// Another user of the source that folds to the same identity (Alice / alice), or a race.
			if (isIdentityError(error) && error.code === "ERR_USER_EXISTS") return skip("exists");
			if (!(isIdentityError(error) && user.uniquifier && /uniquifier/i.test(error.message))) throw error;
			// The uniquifier is taken in the target: a fresh one is as good (sessions never carry over).
			created = await store.createUser(record);
			report.notes.push(`A new uniquifier was given to ${user.identity} (theirs was in use)`);
		}
		report.ids[user.sourceId] = created.id;
	}
	report.users.created++;
	if (user.confirmedAt !== null) report.confirmed++;
	report.links += user.roles.length;
	report.schemes[scheme] = (report.schemes[scheme] ?? 0) + 1;
}
