import type { RoleRecord, UserRecord } from "@identity/core";

/** What a command hands back: data for `--json`, text for people. */
export interface CommandResult {
	data: unknown;
	text: string;
}

/**
 * The printable view of a user: a whitelist, so the password hash and the uniquifier (revocation
 * nonce) are never printed, whatever extra columns the store returns.
 */
export function userView(user: UserRecord, identityField: string): Record<string, unknown> {
	return {
		id: user.id,
		[identityField]: user[identityField] ?? null,
		email: user.email ?? null,
		confirmedAt: isoOrNull(user.confirmedAt),
		active: user.active,
		roles: [...user.roles].sort(),
		createdAt: isoOrNull(user.createdAt),
		lastLoginAt: isoOrNull(user.lastLoginAt ?? user.currentLoginAt),
		loginCount: typeof user.loginCount === "number" ? user.loginCount : 0
	};
}

/** The printable view of a role. */
export function roleView(role: RoleRecord): Record<string, unknown> {
	return { id: role.id, name: role.name, description: role.description ?? null };
}

/** A plain-text table: a header row, then one row per item, columns padded. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
	const line = (cells: readonly string[]) =>
		cells
			.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
			.join("  ")
			.trimEnd();
	return [line(headers), ...rows.map(line)].join("\n");
}

/** `key: value` lines for one record. */
export function formatRecord(record: Record<string, unknown>): string {
	const width = Math.max(...Object.keys(record).map((k) => k.length));
	return Object.entries(record)
		.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${formatValue(value)}`)
		.join("\n");
}

/** A cell value as text. */
export function formatValue(value: unknown): string {
	if (value === null || value === undefined) return "-";
	if (Array.isArray(value)) return value.length ? value.join(", ") : "-";
	if (value instanceof Date) return value.toISOString();
	if (typeof value === "boolean") return value ? "yes" : "no";
	return String(value);
}

function isoOrNull(value: unknown): string | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
	if (typeof value === "string" && value) return value;
	return null;
}
