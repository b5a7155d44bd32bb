import { type Kysely, sql } from "kysely";

/** Role names every seeded user holds two of. */
export const seededRoles = ["admin", "editor", "viewer"];

/** The identity value of seeded user `n` (1-based). */
export function seededName(n: number): string {
	return `user${n}`;
}

/** The id of seeded user `n`. */
export function seededId(n: number): string {
	return `u${String(n).padStart(19, "0")}`;
}

/**
 * Bulk-inserts `count` users holding two roles each into migrated default tables, in the
 * database itself (a recursive CTE on SQLite, generate_series on PostgreSQL), then analyses.
 */
export async function seedUsers(db: Kysely<any>, dialect: "sqlite" | "postgres", count: number): Promise<void> {
	for (const [i, name] of seededRoles.entries()) {
		await sql`insert into identity_roles (id, name, description) values (${`r${i}`}, ${name}, null)`.execute(db);
	}
	const columns = sql`(id, username, username_key, password, active, uniquifier, created_at, updated_at, login_count)`;
	if (dialect === "sqlite") {
		await sql`insert into identity_users ${columns}
			with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${count})
			select printf('u%019d', n), 'user' || n, 'user' || n, 'hash', 1, printf('%032x', n), n, n, 0 from seq`.execute(db);
	} else {
		await sql`insert into identity_users ${columns}
			select 'u' || lpad(n::text, 19, '0'), 'user' || n, 'user' || n, 'hash', true, lpad(to_hex(n), 32, '0'), n, n, 0
			from generate_series(1, ${count}::int) n`.execute(db);
	}
	await sql`insert into identity_user_roles (user_id, role_id) select u.id, r.id from identity_users u, identity_roles r where r.name <> 'viewer'`.execute(db);
	await sql`analyze`.execute(db);
}
