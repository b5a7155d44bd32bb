import { IdentityError, type NewUser, type RoleRecord, type RoleRef, type UserRecord } from "@identity/core";
import { type Executor, type StoreContext, exec, resolveRoleRef } from "./context.js";
import { isUniqueViolation, roleNotFound, violates } from "./errors.js";
import { toRoleRecord } from "./rows.js";
import type { TableNames } from "../options.js";
import { assertEmail, assertStorableText, identityKey, isValidDate, maxIdentityLength, maxNameLength, randomId, randomUniquifier } from "./values.js";

const maxHashLength = 4096;

function invalid(message: string): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", message);
}

/** Finds every role, by id for records and by name for strings; any missing one fails the call. */
async function resolveRoles(ctx: StoreContext, db: Executor, refs: readonly RoleRef[]): Promise<RoleRecord[]> {
	const found = new Map<string, RoleRecord>();
	for (const by of ["name", "id"] as const) {
		const values = [...new Set(refs.map(resolveRoleRef).filter((ref) => ref.by === by).map((ref) => ref.value))];
		if (values.length === 0) continue;
		const { rows } = await exec(db, ctx.sql.rolesIn(by, values.length), values);
		const byValue = new Map(rows.map((row) => [String(row[by]), toRoleRecord(row)]));
		for (const value of values) {
			const role = byValue.get(value);
			if (!role) throw roleNotFound(by === "name" ? value : undefined);
			found.set(role.id, role);
		}
	}
	return [...found.values()];
}

interface ValidUser {
	identity: string;
	password: string;
	active: boolean;
	uniquifier: string;
	roles: readonly RoleRef[];
	/** The separate email address (null when none, or when the identity field is the email). */
	email: string | null;
	confirmedAt: Date | null;
}

const knownFields = ["password", "roles", "active", "uniquifier", "email", "confirmedAt"];

function validate(user: NewUser, names: TableNames): ValidUser {
	const { identityField } = names;
	if (typeof user !== "object" || user === null) throw invalid("Invalid user: expected an object");
	for (const [field, value] of Object.entries(user)) {
		if (value !== undefined && field !== identityField && !knownFields.includes(field)) {
			throw invalid(`Unknown user field: ${JSON.stringify(field).slice(0, 60)}`);
		}
	}
	const { password, roles = [], active = true, uniquifier = randomUniquifier(), confirmedAt = null } = user;
	const email = names.separateEmail && user.email !== undefined && user.email !== null ? assertEmail(user.email) : null;
	if (confirmedAt !== null && !isValidDate(confirmedAt)) throw invalid("Invalid confirmedAt: expected a valid Date or null");
	const identity = user[identityField];
	assertStorableText(identity, maxIdentityLength, identityField);
	if (!identityKey(identity)) throw invalid(`Invalid ${identityField}: blank`);
	assertStorableText(password, maxHashLength, "password hash");
	assertStorableText(uniquifier, maxNameLength, "uniquifier");
	if (typeof active !== "boolean") throw invalid("Invalid active flag: expected a boolean");
	if (!Array.isArray(roles)) throw invalid("Invalid roles: expected an array of role records or names");
	return { identity, password, active, uniquifier, roles, email, confirmedAt };
}

/** The error for a unique violation on insert: the uniquifier is misuse, the identity or email a duplicate. */
function duplicateError(error: unknown, names: TableNames): IdentityError {
	if (violates(error, names.users, `${names.users}_uniquifier_unique`, "uniquifier")) return invalid("Invalid uniquifier: already in use");
	const email = names.separateEmail && violates(error, names.users, `${names.users}_${names.emailKey}_unique`, names.emailKey);
	return new IdentityError("ERR_USER_EXISTS", `A user with this ${email ? "email" : names.identityField} already exists`);
}

/**
 * Creates a user and its role links in one transaction: an unknown role or a duplicate identity
 * value writes nothing.
 */
export async function createUser(ctx: StoreContext, user: NewUser): Promise<UserRecord> {
	const { identity, password, active, uniquifier, roles, email, confirmedAt } = validate(user, ctx.names);
	const id = randomId();
	const now = Date.now();
	const granted = await ctx.db.transaction().execute(async (trx) => {
		const found = await resolveRoles(ctx, trx, roles);
		const emailValues = ctx.names.separateEmail ? [email, email === null ? null : identityKey(email)] : [];
		try {
			await exec(trx, ctx.sql.insertUser, [id, identity, identityKey(identity), password, active ? 1 : 0, uniquifier, now, now, confirmedAt?.getTime() ?? null, ...emailValues]);
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			throw duplicateError(error, ctx.names);
		}
		for (const role of found) await exec(trx, ctx.sql.insertLink, [id, role.id]);
		return found;
	});
	return {
		id,
		[ctx.names.identityField]: identity,
		password,
		active,
		uniquifier,
		roles: granted.map((role) => role.name).sort(),
		createdAt: new Date(now),
		updatedAt: new Date(now),
		lastLoginAt: null,
		currentLoginAt: null,
		lastLoginAddress: null,
		currentLoginAddress: null,
		loginCount: 0,
		email: ctx.names.separateEmail ? email : identity,
		confirmedAt: confirmedAt && new Date(confirmedAt.getTime())
	};
}
