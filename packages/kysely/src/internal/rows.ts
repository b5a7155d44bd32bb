import type { AttemptCounter, RoleRecord, UserRecord } from "@identity/core";

/** A user row as the lookup statements return it, before decoding per driver. */
export type UserRow = Record<string, unknown>;

// pg returns BIGINT as a string, mysql2 and better-sqlite3 as a number.
function toDate(value: unknown): Date | null {
	return value === null || value === undefined ? null : new Date(Number(value));
}

// pg returns BOOLEAN as a boolean, SQLite and MySQL as 0/1.
function toBoolean(value: unknown): boolean {
	return value === true || value === 1 || value === "1" || value === 1n;
}

// SQLite and MariaDB return the JSON aggregate as text, MySQL 8 parsed, PostgreSQL an array.
function toNames(value: unknown): string[] {
	const list: unknown = typeof value === "string" ? JSON.parse(value) : value;
	if (!Array.isArray(list)) return [];
	return list.filter((name): name is string => typeof name === "string").sort();
}

/** Decodes a user row into the port's `UserRecord`, the identity value under `identityField`. */
export function toUserRecord(row: UserRow, identityField: string): UserRecord {
	return {
		id: String(row.id),
		[identityField]: String(row.identity),
		password: String(row.password),
		active: toBoolean(row.active),
		uniquifier: String(row.uniquifier),
		roles: toNames(row.roles),
		createdAt: toDate(row.created_at) as Date,
		updatedAt: toDate(row.updated_at) as Date,
		lastLoginAt: toDate(row.last_login_at),
		currentLoginAt: toDate(row.current_login_at),
		lastLoginAddress: (row.last_login_address as string | null) ?? null,
		currentLoginAddress: (row.current_login_address as string | null) ?? null,
		loginCount: Number(row.login_count)
	};
}

/** Decodes a role row. */
export function toRoleRecord(row: Record<string, unknown>): RoleRecord {
	return { id: String(row.id), name: String(row.name), description: (row.description as string | null) ?? null };
}

/** Decodes an attempt-counter row. */
export function toAttemptCounter(row: Record<string, unknown>): AttemptCounter {
	return { count: Number(row.count), resetAt: new Date(Number(row.reset_at)) };
}
