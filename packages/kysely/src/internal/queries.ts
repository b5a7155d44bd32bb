import { type TableNames, userColumns } from "../options.js";
import { type DialectName, placeholders, quote } from "./dialect.js";
import { type FactorStatements, buildFactorStatements } from "./factor-queries.js";

/** A user lookup or update has two forms: by id (a record was given) or by identity key. */
export interface ByRef {
	id: string;
	key: string;
}

/** Every statement the store runs, built once per store (no query building per call). */
export interface Statements {
	userById: string;
	userByKey: string;
	userByUniquifier: string;
	userByEmail: string;
	listUsers: string;
	userExists: ByRef;
	insertUser: string;
	insertLink: string;
	roleByName: string;
	roleById: string;
	insertRole: string;
	listRoles: string;
	addRole: { id: ByRef; name: ByRef };
	removeRole: { id: ByRef; name: ByRef };
	setActive: ByRef;
	deactivate: ByRef;
	toggleActive: ByRef;
	setEmail: ByRef;
	confirmUser: ByRef;
	setUniquifier: ByRef;
	setPassword: ByRef;
	recordLogin: ByRef;
	deleteLinks: ByRef;
	/** The user's rows in the tables that cascade: deleted explicitly too, in the user's transaction. */
	deleteDependents: ByRef[];
	deleteUser: ByRef;
	readAttempt: string;
	upsertAttempt: string;
	clearAttempt: string;
	purgeAttempts: string;
	/** Builds `select id, name from roles where <column> in (?, ...)` for `count` values. */
	rolesIn(column: "id" | "name", count: number): string;
	/** Single-use tokens, two-factor state, recovery codes and passkeys. */
	factors: FactorStatements;
}

/** The columns `insertUser` writes, in the order of its parameters. */
export function insertedUserColumns(names: TableNames): readonly string[] {
	const email = names.separateEmail ? [names.emailColumn, names.emailKey] : [];
	return ["id", names.identityField, names.identityKey, "password", "active", "uniquifier", "created_at", "updated_at", "confirmed_at", ...email];
}

/** Builds the statements for one dialect and set of names. */
export function buildStatements(dialect: DialectName, names: TableNames): Statements {
	const q = (name: string): string => quote(dialect, name);
	const p = (text: string): string => placeholders(dialect, text);
	const users = q(names.users);
	const roles = q(names.roles);
	const links = q(names.userRoles);
	const attempts = q(names.attempts);
	const keyColumn = q(names.identityKey);
	const refColumn = { id: q("id"), key: keyColumn };
	const byRef = (build: (column: string) => string): ByRef => ({
		id: p(build(refColumn.id)),
		key: p(build(refColumn.key))
	});

	// One query per lookup: the role names come from a correlated subquery on the
	// (user_id, role_id) primary key, aggregated in the database.
	const roleLinks = `from ${links} ur join ${roles} r on r.${q("id")} = ur.${q("role_id")} where ur.${q("user_id")} = u.${q("id")}`;
	const rolesColumn = {
		postgres: `array(select r.${q("name")} ${roleLinks})`,
		sqlite: `(select json_group_array(r.${q("name")}) ${roleLinks})`,
		mysql: `(select json_arrayagg(r.${q("name")}) ${roleLinks})`
	}[dialect];
	const selected = [
		`u.${q("id")} as ${q("id")}`,
		`u.${q(names.identityField)} as ${q("identity")}`,
		...userColumns.map((column) => `u.${q(column)}`),
		...(names.separateEmail ? [`u.${q(names.emailColumn)} as ${q("email")}`] : []),
		`${rolesColumn} as ${q("roles")}`
	].join(", ");
	const selectUser = `select ${selected} from ${users} u`;
	const insertedColumns = [...insertedUserColumns(names)];
	const linkInsert = dialect === "mysql" ? `insert ignore into ${links}` : `insert into ${links}`;
	const linkConflict = dialect === "mysql" ? "" : " on conflict do nothing";
	const addRole = (roleColumn: string): ByRef =>
		byRef(
			(column) =>
				`${linkInsert} (${q("user_id")}, ${q("role_id")}) select u.${q("id")}, r.${q("id")} from ${users} u, ${roles} r where u.${column} = ? and r.${roleColumn} = ?${linkConflict}`
		);
	const removeRole = (roleColumn: string): ByRef =>
		byRef(
			(column) =>
				`delete from ${links} where ${q("user_id")} = (select ${q("id")} from ${users} where ${column} = ?) and ${q("role_id")} = (select ${q("id")} from ${roles} where ${roleColumn} = ?)`
		);

	const [count, resetAt] = [q("count"), q("reset_at")];
	// SQLite and PostgreSQL return the row this upsert wrote (one atomic statement, on D1 too);
	// MySQL has no RETURNING, so its store reads the row back in the same transaction.
	const upsertAttempt =
		dialect === "mysql"
			? `insert into ${attempts} (${q("key")}, ${count}, ${resetAt}) values (?, 1, ?) on duplicate key update ${count} = if(${resetAt} > ?, ${count} + 1, 1), ${resetAt} = if(${resetAt} > ?, ${resetAt}, ?)`
			: `insert into ${attempts} as a (${q("key")}, ${count}, ${resetAt}) values (?, 1, ?) on conflict (${q("key")}) do update set ${count} = case when a.${resetAt} > ? then a.${count} + 1 else 1 end, ${resetAt} = case when a.${resetAt} > ? then a.${resetAt} else ? end returning ${count}, ${resetAt}`;

	return {
		userById: p(`${selectUser} where u.${q("id")} = ?`),
		userByKey: p(`${selectUser} where u.${keyColumn} = ?`),
		userByUniquifier: p(`${selectUser} where u.${q("uniquifier")} = ?`),
		userByEmail: p(`${selectUser} where u.${q(names.emailKey)} = ?`),
		listUsers: p(`${selectUser} order by u.${q("created_at")}, u.${q("id")} limit ? offset ?`),
		userExists: byRef((column) => `select ${q("id")} from ${users} where ${column} = ?`),
		insertUser: p(`insert into ${users} (${insertedColumns.map(q).join(", ")}) values (${insertedColumns.map(() => "?").join(", ")})`),
		insertLink: p(`${linkInsert} (${q("user_id")}, ${q("role_id")}) values (?, ?)${linkConflict}`),
		roleByName: p(`select ${q("id")}, ${q("name")}, ${q("description")} from ${roles} where ${q("name")} = ?`),
		roleById: p(`select ${q("id")}, ${q("name")}, ${q("description")} from ${roles} where ${q("id")} = ?`),
		insertRole: p(`insert into ${roles} (${q("id")}, ${q("name")}, ${q("description")}) values (?, ?, ?)`),
		listRoles: `select ${q("id")}, ${q("name")}, ${q("description")} from ${roles} order by ${q("name")}`,
		addRole: { id: addRole(q("id")), name: addRole(q("name")) },
		removeRole: { id: removeRole(q("id")), name: removeRole(q("name")) },
		// `active <> ?` makes "nothing changed" visible as zero affected rows on every driver.
		setActive: byRef((column) => `update ${users} set ${q("active")} = ?, ${q("updated_at")} = ? where ${column} = ? and ${q("active")} <> ?`),
		// Deactivation rotates the uniquifier in the same statement, so reactivation revives nothing.
		deactivate: byRef((column) => `update ${users} set ${q("active")} = ?, ${q("uniquifier")} = ?, ${q("updated_at")} = ? where ${column} = ? and ${q("active")} <> ?`),
		// MySQL assigns left to right with the new values: the uniquifier goes first, reading the old `active`.
		toggleActive: byRef(
			(column) =>
				`update ${users} set ${q("uniquifier")} = case when ${q("active")} then ? else ${q("uniquifier")} end, ${q("active")} = not ${q("active")}, ${q("updated_at")} = ? where ${column} = ?`
		),
		setEmail: byRef((column) => `update ${users} set ${q(names.emailColumn)} = ?, ${q(names.emailKey)} = ?, ${q("updated_at")} = ? where ${column} = ?`),
		confirmUser: byRef((column) => `update ${users} set ${q("confirmed_at")} = ?, ${q("updated_at")} = ? where ${column} = ? and ${q("confirmed_at")} is null`),
		setUniquifier: byRef((column) => `update ${users} set ${q("uniquifier")} = ?, ${q("updated_at")} = ? where ${column} = ?`),
		setPassword: byRef((column) => `update ${users} set ${q("password")} = ?, ${q("updated_at")} = ? where ${column} = ?`),
		// MySQL assigns left to right with the new values; reading the old current_* values
		// before overwriting them gives the same result on every dialect.
		recordLogin: byRef(
			(column) =>
				`update ${users} set ${q("last_login_at")} = coalesce(${q("current_login_at")}, ?), ${q("last_login_address")} = ${q("current_login_address")}, ${q("current_login_at")} = ?, ${q("current_login_address")} = ?, ${q("login_count")} = ${q("login_count")} + 1 where ${column} = ?`
		),
		deleteLinks: byRef((column) => `delete from ${links} where ${q("user_id")} in (select ${q("id")} from ${users} where ${column} = ?)`),
		deleteDependents: [names.twoFactor, names.recoveryCodes, names.passkeys].map((table) =>
			byRef((column) => `delete from ${q(table)} where ${q("user_id")} in (select ${q("id")} from ${users} where ${column} = ?)`)
		),
		deleteUser: byRef((column) => `delete from ${users} where ${column} = ?`),
		readAttempt: p(`select ${count}, ${resetAt} from ${attempts} where ${q("key")} = ?`),
		upsertAttempt: p(upsertAttempt),
		clearAttempt: p(`delete from ${attempts} where ${q("key")} = ?`),
		purgeAttempts: p(`delete from ${attempts} where ${resetAt} <= ?`),
		rolesIn: (column, n) =>
			p(`select ${q("id")}, ${q("name")}, ${q("description")} from ${roles} where ${q(column)} in (${Array.from({ length: n }, () => "?").join(", ")})`),
		factors: buildFactorStatements(dialect, names)
	};
}
