import { IdentityError, type NewUser, type RoleRecord, type RoleRef, type UserRecord } from "@identity/core";
import { type Executor, type StoreContext, exec, resolveRoleRef } from "./context.js";
import { isUniqueViolation, roleNotFound } from "./errors.js";
import { toRoleRecord } from "./rows.js";
import { assertStorableText, identityKey, maxIdentityLength, maxNameLength, randomId, randomUniquifier } from "./values.js";

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
}

function validate(user: NewUser, identityField: string): ValidUser {
	if (typeof user !== "object" || user === null) throw invalid("Invalid user: expected an object");
	for (const [field, value] of Object.entries(user)) {
		if (value !== undefined && field !== identityField && !["password", "roles", "active", "uniquifier"].includes(field)) {
			throw invalid(`Unknown user field: ${JSON.stringify(field).slice(0, 60)}`);
		}
	}
	const { password, roles = [], active = true, uniquifier = randomUniquifier() } = user;
	const identity = user[identityField];
	assertStorableText(identity, maxIdentityLength, identityField);
	if (!identityKey(identity)) throw invalid(`Invalid ${identityField}: blank`);
	assertStorableText(password, maxHashLength, "password hash");
	assertStorableText(uniquifier, maxNameLength, "uniquifier");
	if (typeof active !== "boolean") throw invalid("Invalid active flag: expected a boolean");
	if (!Array.isArray(roles)) throw invalid("Invalid roles: expected an array of role records or names");
	return { identity, password, active, uniquifier, roles };
}

/** True when a unique violation was on the uniquifier rather than the identity value. */
function isUniquifierClash(error: unknown): boolean {
	const { message, constraint } = error as { message?: unknown; constraint?: unknown };
	return /uniquifier/.test(`${String(message)} ${String(constraint)}`);
}

/**
 * Creates a user and its role links in one transaction: an unknown role or a duplicate identity
 * value writes nothing.
 */
export async function createUser(ctx: StoreContext, user: NewUser): Promise<UserRecord> {
	const { identity, password, active, uniquifier, roles } = validate(user, ctx.names.identityField);
	const id = randomId();
	const now = Date.now();
	const granted = await ctx.db.transaction().execute(async (trx) => {
		const found = await resolveRoles(ctx, trx, roles);
		try {
			await exec(trx, ctx.sql.insertUser, [id, identity, identityKey(identity), password, active ? 1 : 0, uniquifier, now, now]);
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
			if (isUniquifierClash(error)) throw invalid("Invalid uniquifier: already in use");
			throw new IdentityError("ERR_USER_EXISTS", `A user with this ${ctx.names.identityField} already exists`);
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
		loginCount: 0
	};
}
