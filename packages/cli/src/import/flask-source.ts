import { type Kysely, MysqlAdapter, PostgresAdapter, sql } from "kysely";
import { IdentityError } from "@identity/core";

/** The Flask tables to read. Defaults: `user`, `role`, `roles_users` (Flask-Security-Too and Flask-Identity). */
export interface FlaskTables {
	user?: string;
	role?: string;
	userRoles?: string;
}

/** A user row of the Flask database, as the importer needs it. */
export interface FlaskUser {
	sourceId: string;
	identity: string | null;
	password: string | null;
	active: boolean;
	uniquifier: string | null;
	roles: string[];
	/** The `email` column when it is not the identity column (Flask-Security's username setups). */
	email: string | null;
	/** Flask-Security's `confirmed_at` (a naive UTC datetime), or null. */
	confirmedAt: Date | null;
}

/** What the source holds. */
export interface FlaskData {
	identityColumn: string;
	uniquifierColumn: string | null;
	/** The source column emails come from besides the identity (`email`), or null. */
	emailColumn: string | null;
	/** Whether the source has Flask-Security's `confirmed_at`. */
	hasConfirmedAt: boolean;
	users: FlaskUser[];
	roles: { name: string; description: string | null }[];
	notes: string[];
}

/**
 * Reads users, roles and links from a Flask-Security-Too or Flask-Identity database. Columns are
 * found by introspection: `fs_uniquifier` or `uniquifier`, `active` (absent: every user active,
 * as Flask-Identity's `is_actived`), the identity column, and Flask-Security's `email` (when the
 * identity is another column) and `confirmed_at`.
 * @throws IdentityError ERR_INVALID_ARGUMENT when the user table or the identity column is missing.
 */
export async function readFlaskData(
	db: Kysely<any>,
	options: { tables?: FlaskTables; identityColumn?: string; preferredIdentityColumn: string }
): Promise<FlaskData> {
	const names = {
		user: options.tables?.user ?? "user",
		role: options.tables?.role ?? "role",
		userRoles: options.tables?.userRoles ?? "roles_users"
	};
	const columns = await tableColumns(db);
	const userColumns = columns.get(names.user);
	if (!userColumns) throw new IdentityError("ERR_INVALID_ARGUMENT", `The source has no table "${names.user}"`);
	const identityColumn = options.identityColumn ?? pickIdentityColumn(userColumns, options.preferredIdentityColumn);
	for (const column of ["id", "password", identityColumn]) {
		if (!userColumns.has(column)) {
			throw new IdentityError("ERR_INVALID_ARGUMENT", `The source table "${names.user}" has no column "${column}"`);
		}
	}
	const uniquifierColumn = ["fs_uniquifier", "uniquifier"].find((c) => userColumns.has(c)) ?? null;
	const emailColumn = identityColumn !== "email" && userColumns.has("email") ? "email" : null;
	const hasConfirmedAt = userColumns.has("confirmed_at");
	const select = ["id", "password", identityColumn, ...(userColumns.has("active") ? ["active"] : [])];
	if (uniquifierColumn) select.push(uniquifierColumn);
	if (emailColumn) select.push(emailColumn);
	const rows = await db
		.selectFrom(names.user)
		.select(select)
		.$if(hasConfirmedAt, (q) => q.select(timestampAsText(db, "confirmed_at").as("confirmed_at_text")))
		.orderBy("id")
		.execute();

	const notes: string[] = [];
	const roleRows = columns.has(names.role)
		? await db
				.selectFrom(names.role)
				.select(["id", "name", ...(columns.get(names.role)?.has("description") ? ["description"] : [])])
				.orderBy("id")
				.execute()
		: (notes.push(`No table "${names.role}": no roles imported`), []);
	const linkRows =
		columns.has(names.userRoles) && roleRows.length
			? await db.selectFrom(names.userRoles).select(["user_id", "role_id"]).execute()
			: [];
	const roleNames = new Map(roleRows.map((r) => [String(r.id), String(r.name)]));
	const userRoles = new Map<string, string[]>();
	for (const link of linkRows) {
		const name = roleNames.get(String(link.role_id));
		if (name === undefined) continue;
		const list = userRoles.get(String(link.user_id)) ?? [];
		if (!list.includes(name)) list.push(name);
		userRoles.set(String(link.user_id), list);
	}
	const users = rows.map((row) => ({
		sourceId: String(row.id),
		identity: textOrNull(row[identityColumn]),
		password: textOrNull(row.password),
		active: "active" in row ? isTrue(row.active) : true,
		uniquifier: uniquifierColumn ? textOrNull(row[uniquifierColumn]) : null,
		roles: (userRoles.get(String(row.id)) ?? []).sort(),
		email: emailColumn ? textOrNull(row[emailColumn]) : null,
		confirmedAt: parseNaiveUtc(row.confirmed_at_text)
	}));
	const unreadable = rows.filter((row, i) => textOrNull(row.confirmed_at_text) !== null && users[i]?.confirmedAt === null).length;
	if (unreadable > 0) notes.push(`${unreadable} confirmed_at value${unreadable > 1 ? "s" : ""} could not be read: imported as unconfirmed`);
	return {
		identityColumn,
		uniquifierColumn,
		emailColumn,
		hasConfirmedAt,
		notes,
		roles: roleRows.map((r) => ({ name: String(r.name), description: typeof r.description === "string" ? r.description : null })),
		users
	};
}

function pickIdentityColumn(columns: Set<string>, preferred: string): string {
	if (columns.has(preferred)) return preferred;
	throw new IdentityError(
		"ERR_INVALID_ARGUMENT",
		`The source user table has no "${preferred}" column: choose one with identityColumn (--identity-column)`
	);
}

async function tableColumns(db: Kysely<any>): Promise<Map<string, Set<string>>> {
	const tables = await db.introspection.getTables();
	let schema: string | undefined;
	if (tables.some((t) => t.schema !== undefined)) {
		// PostgreSQL lists every schema: keep the one unqualified names resolve to.
		const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db).catch(() => null);
		schema = result?.rows[0]?.schema;
	}
	const map = new Map<string, Set<string>>();
	for (const table of tables) {
		if (table.isView || (schema !== undefined && table.schema !== undefined && table.schema !== schema)) continue;
		map.set(table.name, new Set(table.columns.map((c) => c.name)));
	}
	return map;
}

function textOrNull(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	const text = String(value);
	return text === "" ? null : text;
}

function isTrue(value: unknown): boolean {
	return value === true || value === 1 || value === "1" || value === 1n || value === "t" || value === "true";
}

/**
 * A timestamp column as text, so no driver turns a naive datetime into local time (pg and mysql2
 * both would): `cast(... as text)` on PostgreSQL, `as char` on MySQL; SQLAlchemy stores text on SQLite.
 */
function timestampAsText(db: Kysely<any>, column: string) {
	const adapter: object = db.getExecutor().adapter;
	if (adapter instanceof PostgresAdapter) return sql<string>`cast(${sql.ref(column)} as text)`;
	if (adapter instanceof MysqlAdapter) return sql<string>`cast(${sql.ref(column)} as char)`;
	return sql<string>`${sql.ref(column)}`;
}

const timestamp = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A SQL timestamp as text, naive ones read as UTC (Flask-Security stores naive UTC); null when absent or unreadable. */
export function parseNaiveUtc(value: unknown): Date | null {
	const match = typeof value === "string" ? timestamp.exec(value.trim()) : null;
	if (!match) return null;
	const [, y, mo, d, h, mi, s, fraction = "", zone] = match;
	let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, "0").slice(0, 3)));
	if (zone && zone !== "Z") {
		const [, sign, hours, minutes = "0"] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
		time -= (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
	}
	return Number.isNaN(time) ? null : new Date(time);
}
