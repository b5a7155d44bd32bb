import { IdentityError, type RoleQuery, type RoleRecord, type RoleRef, type UserRef } from "@identity/core";
import { type StoreContext, affected, exec, resolveRoleRef, resolveUserRef, userExists } from "./context.js";
import { isUniqueViolation, roleNotFound, userNotFound } from "./errors.js";
import { toRoleRecord } from "./rows.js";
import { assertStorableText, isStorableText, maxNameLength, randomId } from "./values.js";

const maxDescriptionLength = 10_000;

function invalidQuery(): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", "Invalid role query: expected a role name, { name } or { id }");
}

/** Finds a role by name (exact, case-sensitive) or id; null when absent. */
export async function findRole(ctx: StoreContext, query: RoleQuery): Promise<RoleRecord | null> {
	let statement: string;
	let value: unknown;
	if (typeof query === "string") [statement, value] = [ctx.sql.roleByName, query];
	else if (typeof query === "object" && query !== null && "name" in query) [statement, value] = [ctx.sql.roleByName, query.name];
	else if (typeof query === "object" && query !== null && "id" in query) [statement, value] = [ctx.sql.roleById, query.id];
	else throw invalidQuery();
	if (typeof value !== "string") throw invalidQuery();
	if (!isStorableText(value, maxNameLength)) return null;
	const { rows } = await exec(ctx.db, statement, [value]);
	return rows[0] ? toRoleRecord(rows[0]) : null;
}

/** Creates a role. @throws IdentityError `ERR_ROLE_EXISTS` for a taken name. */
export async function createRole(ctx: StoreContext, role: { name: string; description?: string | null }): Promise<RoleRecord> {
	const name = role?.name;
	assertStorableText(name, maxNameLength, "role name");
	const description = role.description ?? null;
	if (description !== null && (typeof description !== "string" || description.length > maxDescriptionLength || description.includes("\u0000"))) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Invalid role description: expected a string of at most ${maxDescriptionLength} characters`);
	}
	const id = randomId();
	try {
		await exec(ctx.db, ctx.sql.insertRole, [id, name, description]);
	} catch (error) {
		if (isUniqueViolation(error)) throw new IdentityError("ERR_ROLE_EXISTS", `Role already exists: ${JSON.stringify(name)}`);
		throw error;
	}
	return { id, name, description };
}

/** Every role, by name. */
export async function listRoles(ctx: StoreContext): Promise<RoleRecord[]> {
	const { rows } = await exec(ctx.db, ctx.sql.listRoles, []);
	return rows.map(toRoleRecord);
}

/**
 * Adds or removes a user-role link in one statement. Returns whether the link changed; when not,
 * finds out whether the user or the role is missing.
 * @throws IdentityError `ERR_USER_NOT_FOUND` / `ERR_ROLE_NOT_FOUND`.
 */
export async function changeLink(ctx: StoreContext, change: "addRole" | "removeRole", user: UserRef, role: RoleRef): Promise<boolean> {
	const userRef = resolveUserRef(user);
	const roleRef = resolveRoleRef(role);
	if (!userRef) throw userNotFound();
	if (!isStorableText(roleRef.value, maxNameLength)) throw roleNotFound();
	const result = await exec(ctx.db, ctx.sql[change][roleRef.by][userRef.by], [userRef.value, roleRef.value]);
	if (affected(result) > 0) return true;
	if (!(await userExists(ctx, ctx.db, userRef))) throw userNotFound();
	const found = await findRole(ctx, roleRef.by === "name" ? { name: roleRef.value } : { id: roleRef.value });
	if (!found) throw roleNotFound(roleRef.by === "name" ? roleRef.value : undefined);
	return false;
}
