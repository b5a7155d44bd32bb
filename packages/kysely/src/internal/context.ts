import { CompiledQuery, type Kysely, type QueryResult } from "kysely";
import { IdentityError, type RoleRef, type UserRef } from "@identity/core";
import type { TableNames } from "../options.js";
import type { DialectName } from "./dialect.js";
import type { DirectRead } from "./direct-reads.js";
import type { ByRef, Statements } from "./queries.js";
import { identityKey, isStorableText, maxIdentityLength } from "./values.js";

/** What every store operation closes over. */
export interface StoreContext {
	db: Kysely<any>;
	dialect: DialectName;
	names: TableNames;
	sql: Statements;
	/** The database's synchronous one-row read, when this package opened it (SQLite). */
	direct: DirectRead | null;
}

/** A database handle: the store's Kysely instance or an open transaction. */
export type Executor = Pick<Kysely<any>, "executeQuery">;

/** Runs one prepared statement with fresh parameters (no query building, no plugins). */
export function exec<R = Record<string, unknown>>(db: Executor, text: string, parameters: readonly unknown[]): Promise<QueryResult<R>> {
	return db.executeQuery(CompiledQuery.raw(text, [...parameters])) as Promise<QueryResult<R>>;
}

/** Rows written, deleted or updated by a statement. */
export function affected(result: QueryResult<unknown>): number {
	return Number(result.numAffectedRows ?? 0n);
}

/** A resolved user argument: which column to match and the value. `null` when nothing can match. */
export interface ResolvedRef {
	by: keyof ByRef;
	value: string;
}

/**
 * Resolves a user argument: a record by its id, a string as an identity value.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for anything else.
 */
export function resolveUserRef(ref: UserRef): ResolvedRef | null {
	if (typeof ref === "string") {
		if (!isStorableText(ref, maxIdentityLength)) return null;
		const key = identityKey(ref);
		return key ? { by: "key", value: key } : null;
	}
	if (typeof ref === "object" && ref !== null && typeof ref.id === "string") return { by: "id", value: ref.id };
	throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid user argument: expected a user record or an identity value");
}

/** A resolved role argument: by id (a record) or by name. */
export interface ResolvedRole {
	by: "id" | "name";
	value: string;
}

/**
 * Resolves a role argument: a record by its id, a string as a role name.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for anything else.
 */
export function resolveRoleRef(ref: RoleRef): ResolvedRole {
	if (typeof ref === "string") return { by: "name", value: ref };
	if (typeof ref === "object" && ref !== null && typeof ref.id === "string") return { by: "id", value: ref.id };
	throw new IdentityError("ERR_INVALID_ARGUMENT", "Invalid role argument: expected a role record or a role name");
}

/** True when the user a resolved argument points to exists. */
export async function userExists(ctx: StoreContext, db: Executor, ref: ResolvedRef): Promise<boolean> {
	const result = await exec(db, ctx.sql.userExists[ref.by], [ref.value]);
	return result.rows.length > 0;
}
