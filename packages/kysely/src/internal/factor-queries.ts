import type { TableNames } from "../options.js";
import { type DialectName, placeholders, quote } from "./dialect.js";
import type { ByRef } from "./queries.js";

/** The statements of single-use tokens, two-factor state, recovery codes and passkeys. */
export interface FactorStatements {
	insertToken: string;
	purgeTokens: string;
	userIdOf: ByRef;
	getTwoFactor: ByRef;
	/** Inserts or updates the state; `keepStep` leaves a stored `last_step` as it is. */
	upsertTwoFactor: { keepStep: string; setStep: string };
	deleteTwoFactor: string;
	deleteCodes: string;
	/** Builds the insert of `count` recovery codes: (user_id, code_hash) pairs. */
	insertCodes(count: number): string;
	advanceStep: ByRef;
	takeCode: ByRef;
	insertPasskey: string;
	passkeyById: string;
	listPasskeys: ByRef;
	updateCounter: string;
	deletePasskey: ByRef;
}

/** Builds the statements for one dialect and set of names. */
export function buildFactorStatements(dialect: DialectName, names: TableNames): FactorStatements {
	const q = (name: string): string => quote(dialect, name);
	const p = (text: string): string => placeholders(dialect, text);
	const [users, tokens, states, codes, passkeys] = [names.users, names.usedTokens, names.twoFactor, names.recoveryCodes, names.passkeys].map(q) as [string, string, string, string, string];
	const mysql = dialect === "mysql";
	// A user argument is a record (its id, matched directly) or an identity value (its key,
	// through the unique index): `user_id = ?` or `user_id = (select id ... where key = ?)`.
	const forUser = (build: (match: string) => string): ByRef => ({
		id: p(build("= ?")),
		key: p(build(`= (select ${q("id")} from ${users} where ${q(names.identityKey)} = ?)`))
	});
	const [userId, lastStep, counter] = [q("user_id"), q("last_step"), q("counter")];

	const stateColumns = [userId, q("secret"), q("enabled_at"), lastStep, q("updated_at")].join(", ");
	const upsert = (setStep: boolean): string => {
		const updated = [q("secret"), q("enabled_at"), q("updated_at"), ...(setStep ? [lastStep] : [])];
		const assignments = mysql ? updated.map((column) => `${column} = values(${column})`) : updated.map((column) => `${column} = excluded.${column}`);
		const conflict = mysql ? "on duplicate key update" : `on conflict (${userId}) do update set`;
		return p(`insert into ${states} (${stateColumns}) values (?, ?, ?, ?, ?) ${conflict} ${assignments.join(", ")}`);
	};
	const passkeyColumns = ["id", "user_id", "name", "public_key", "algorithm", "counter", "transports", "created_at", "last_used_at"].map(q).join(", ");

	return {
		insertToken: p(mysql ? `insert ignore into ${tokens} (${q("key")}, ${q("expires_at")}) values (?, ?)` : `insert into ${tokens} (${q("key")}, ${q("expires_at")}) values (?, ?) on conflict do nothing`),
		purgeTokens: p(`delete from ${tokens} where ${q("expires_at")} <= ?`),
		userIdOf: { id: p(`select ${q("id")} from ${users} where ${q("id")} = ?`), key: p(`select ${q("id")} from ${users} where ${q(names.identityKey)} = ?`) },
		getTwoFactor: forUser(
			(match) =>
				`select t.${q("secret")}, t.${q("enabled_at")}, t.${lastStep}, (select count(*) from ${codes} c where c.${userId} = t.${userId}) as ${q("codes_left")} from ${states} t where t.${userId} ${match}`
		),
		upsertTwoFactor: { keepStep: upsert(false), setStep: upsert(true) },
		deleteTwoFactor: p(`delete from ${states} where ${userId} = ?`),
		deleteCodes: p(`delete from ${codes} where ${userId} = ?`),
		insertCodes: (count) => p(`insert into ${codes} (${userId}, ${q("code_hash")}) values ${Array.from({ length: count }, () => "(?, ?)").join(", ")}`),
		// The compare-and-set is the WHERE clause: concurrent callers with one step see one row updated.
		advanceStep: forUser((match) => `update ${states} set ${lastStep} = ?, ${q("updated_at")} = ? where ${userId} ${match} and ${lastStep} < ?`),
		takeCode: forUser((match) => `delete from ${codes} where ${userId} ${match} and ${q("code_hash")} = ?`),
		insertPasskey: p(`insert into ${passkeys} (${passkeyColumns}) values (?, ?, ?, ?, ?, ?, ?, ?, null)`),
		passkeyById: p(`select ${passkeyColumns} from ${passkeys} where ${q("id")} = ?`),
		listPasskeys: forUser((match) => `select ${passkeyColumns} from ${passkeys} where ${userId} ${match} order by ${q("created_at")}, ${q("id")}`),
		// "Both 0" is written `counter = 0 and counter = ?`, so PostgreSQL types the parameter as the column (bigint).
		updateCounter: p(
			`update ${passkeys} set ${counter} = ?, ${q("last_used_at")} = ? where ${q("id")} = ? and (${counter} < ? or (${counter} = 0 and ${counter} = ?))`
		),
		deletePasskey: forUser((match) => `delete from ${passkeys} where ${q("id")} = ? and ${userId} ${match}`)
	};
}
