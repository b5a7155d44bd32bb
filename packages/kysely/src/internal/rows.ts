import type { AttemptCounter, PasskeyRecord, RoleRecord, TwoFactorState, UserRecord } from "@identity/core";

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
		loginCount: Number(row.login_count),
		// A separate email column is selected as `email`; otherwise the identity is the address.
		email: "email" in row ? ((row.email as string | null) ?? null) : String(row.identity),
		confirmedAt: toDate(row.confirmed_at)
	};
}

/** Decodes a two-factor row (with its `codes_left` count). */
export function toTwoFactorState(row: Record<string, unknown>): TwoFactorState {
	return { secret: String(row.secret), enabledAt: toDate(row.enabled_at), lastStep: Number(row.last_step), recoveryCodesLeft: Number(row.codes_left) };
}

/** Decodes a passkey row; transports are a JSON array. */
export function toPasskeyRecord(row: Record<string, unknown>): PasskeyRecord {
	const transports: unknown = JSON.parse(String(row.transports ?? "[]"));
	return {
		id: String(row.id),
		userId: String(row.user_id),
		name: String(row.name),
		publicKey: String(row.public_key),
		algorithm: Number(row.algorithm),
		counter: Number(row.counter),
		transports: Array.isArray(transports) ? transports.filter((t): t is string => typeof t === "string") : [],
		createdAt: toDate(row.created_at) as Date,
		lastUsedAt: toDate(row.last_used_at)
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
