import { importFlaskUsers } from "../import/import-flask-users.js";
import type { Command } from "../internal/command.js";
import { formatRecord } from "../internal/output.js";

/** `identity import-flask <source>`: users, roles and links from a Flask-Security-Too or Flask-Identity database. */
export const importFlask: Command = {
	spec: {
		name: "import-flask",
		summary:
			"Import users, roles and role links from a Flask-Security-Too or Flask-Identity database (SQLite file, postgres:// or mysql:// URL). " +
			"Flask-Security's email (when users log in with another column) and confirmed_at come along. " +
			"Password hashes are copied unchanged: set password.legacySalt to the Flask app's SECURITY_PASSWORD_SALT (Flask-Identity: IDENTITY_HASH_SALT, else SECRET_KEY). " +
			"Users that already exist are skipped, so the import can be re-run.",
		positionals: ["source"],
		options: {
			"identity-column": { type: "string", valueName: "column", description: "Source column with the identity value (default: the identity field)" },
			"user-table": { type: "string", valueName: "name", description: "Source user table (default: user)" },
			"role-table": { type: "string", valueName: "name", description: "Source role table (default: role)" },
			"link-table": { type: "string", valueName: "name", description: "Source user-role table (default: roles_users)" },
			"dry-run": { type: "boolean", description: "Report what would be imported; write nothing" }
		},
		examples: [
			"identity --db ./identity.db --identity-field email import-flask ./instance/app.db",
			"identity --db postgres://app@db/app import-flask postgres://app@db/flask --dry-run"
		]
	},
	async run(context, args) {
		const text = (name: string) => (typeof args.values[name] === "string" ? (args.values[name] as string) : undefined);
		const target = await context.store();
		const report = await importFlaskUsers({
			source: args.positionals[0] ?? "",
			target,
			identityColumn: text("identity-column"),
			tables: { user: text("user-table"), role: text("role-table"), userRoles: text("link-table") },
			dryRun: args.values["dry-run"] === true
		});
		const verb = report.dryRun ? "Would import" : "Imported";
		const lines = [
			`${verb} ${report.users.created} of ${report.users.read} users, ${report.roles.created} new roles (${report.roles.existing} existing), ${report.links} role links`,
			formatRecord({
				"identity column": report.identityColumn,
				"uniquifiers from": report.uniquifierColumn ?? "(new ones)",
				"emails from": report.emailColumn ?? (target.identityField === "email" ? "(the identity)" : "-"),
				confirmed: report.confirmed,
				"hash schemes": Object.entries(report.schemes).map(([s, n]) => `${s} ${n}`)
			}),
			...report.skipped.map((s) => `skipped ${s.identity ?? `(source id ${s.sourceId})`}: ${s.reason}`),
			...report.notes
		];
		return { data: { report }, text: lines.join("\n") };
	}
};
