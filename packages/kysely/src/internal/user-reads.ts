import { IdentityError, type UserQuery, type UserRecord } from "@identity/core";
import { type StoreContext, exec } from "./context.js";
import { toUserRecord } from "./rows.js";
import { identityKey, isStorableText, maxIdentityLength, maxNameLength } from "./values.js";

type Lookup = { statement: "userById" | "userByKey" | "userByUniquifier" | "userByEmail"; value: string } | null;

function invalidQuery(): IdentityError {
	return new IdentityError("ERR_INVALID_ARGUMENT", "Invalid user query: expected an identity value, { id }, { uniquifier }, { email } or { <identity field> }");
}

/** A lookup by a case-folded column: the identity key, or the email key. */
function byFolded(value: unknown, statement: "userByKey" | "userByEmail" = "userByKey"): Lookup {
	if (typeof value !== "string") throw invalidQuery();
	if (!isStorableText(value, maxIdentityLength)) return null;
	const key = identityKey(value);
	return key ? { statement, value: key } : null;
}

function exact(statement: "userById" | "userByUniquifier", value: unknown): Lookup {
	if (typeof value !== "string") throw invalidQuery();
	return isStorableText(value, maxNameLength) ? { statement, value } : null;
}

function toLookup(query: UserQuery, identityField: string): Lookup {
	if (typeof query === "string") return byFolded(query);
	if (typeof query !== "object" || query === null) throw invalidQuery();
	if ("id" in query) return exact("userById", query.id);
	if ("uniquifier" in query) return exact("userByUniquifier", query.uniquifier);
	if (identityField in query) return byFolded((query as Record<string, unknown>)[identityField]);
	if ("email" in query) return byFolded(query.email, "userByEmail");
	throw invalidQuery();
}

/**
 * Loads one user with its role names in a single indexed query. A value that no stored user can
 * have (empty, too long, control characters) is simply not found, without a round trip.
 */
export async function findUser(ctx: StoreContext, query: UserQuery): Promise<UserRecord | null> {
	const lookup = toLookup(query, ctx.names.identityField);
	if (!lookup) return null;
	const text = ctx.sql[lookup.statement];
	const direct = ctx.direct?.(text, [lookup.value]);
	const row = direct !== undefined ? direct : (await exec(ctx.db, text, [lookup.value])).rows[0];
	return row ? toUserRecord(row, ctx.names.identityField) : null;
}

/** The default and largest page of {@link listUsers}. */
export const listLimits = { defaultLimit: 100, maxLimit: 10_000 } as const;

/** Lists users, oldest first, with their roles. */
export async function listUsers(ctx: StoreContext, options: { limit?: number; offset?: number } = {}): Promise<UserRecord[]> {
	const { limit = listLimits.defaultLimit, offset = 0 } = options;
	if (!Number.isSafeInteger(limit) || limit < 0 || limit > listLimits.maxLimit || !Number.isSafeInteger(offset) || offset < 0) {
		throw new IdentityError("ERR_INVALID_ARGUMENT", `Invalid listUsers options: limit must be an integer from 0 to ${listLimits.maxLimit}, offset a non-negative integer`);
	}
	const { rows } = await exec(ctx.db, ctx.sql.listUsers, [limit, offset]);
	return rows.map((row) => toUserRecord(row, ctx.names.identityField));
}
