import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { hashPassword } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import type { Command } from "../internal/command.js";
import { CommandError, UsageError } from "../internal/errors.js";
import { assertStrongPassword, readNewPassword } from "../internal/password-input.js";
import { generatePassword, generateSecret } from "../internal/random.js";

/** The database `init` creates, as the `.env` names it (relative to where the app starts). */
const databaseFile = "identity.db";
const adminRole = "admin";

/** `identity init [dir]`: a `.env` with a fresh secret, a migrated SQLite file and a first admin. */
export const init: Command = {
	spec: {
		name: "init",
		summary:
			"Start a project: a .env with a fresh IDENTITY_SECRET and IDENTITY_DATABASE_URL=./identity.db, a migrated SQLite file, and an admin user (role admin).",
		positionals: [],
		optionalPositionals: ["dir"],
		usesStore: false,
		options: {
			admin: { type: "string", valueName: "name", description: "The admin's username (default: admin)" },
			"password-stdin": { type: "boolean", description: "Read the admin's password from stdin (one line)" },
			"generate-password": { type: "boolean", description: "Generate the admin's password and print it once" },
			force: { type: "boolean", description: "Replace an existing .env (a new secret ends every session)" }
		},
		examples: ["identity init my-app", "identity init --admin alice --generate-password", "printf '%s\\n' \"$PW\" | identity init --password-stdin"]
	},
	async run(context, args) {
		const shownDir = args.positionals[0] ?? ".";
		const dir = resolve(shownDir);
		const admin = typeof args.values.admin === "string" ? args.values.admin : "admin";
		const fromStdin = args.values["password-stdin"] === true;
		const generate = args.values["generate-password"] === true;
		if (admin.trim() === "") throw new UsageError("--admin must not be empty");
		if (fromStdin && generate) throw new UsageError("Use either --password-stdin or --generate-password, not both");
		const shownEnv = join(shownDir, ".env");
		const shownDb = join(shownDir, databaseFile);
		if (existsSync(join(dir, ".env")) && args.values.force !== true) {
			throw new CommandError("ERR_ENV_EXISTS", `${shownEnv} already exists: keep it, or replace it (and its secret) with identity init ${shownDir === "." ? "" : `${shownDir} `}--force`);
		}
		if (!generate && !fromStdin && !context.io.stdin.isTTY) {
			throw new UsageError("No terminal to prompt for the admin's password: pipe it in with --password-stdin, or use --generate-password");
		}
		// The password first: nothing is written until there is one.
		const password = generate ? generatePassword() : await readNewPassword(context.io, fromStdin);
		assertStrongPassword(password);

		mkdirSync(dir, { recursive: true });
		const db = await createSqliteDatabase(join(dir, databaseFile));
		try {
			const store = createKyselyStore(db);
			if (await store.findUser(admin)) {
				throw new CommandError(
					"ERR_USER_EXISTS",
					`User "${admin}" already exists in ${shownDb}: choose another name with --admin, or set a password with identity users set-password ${admin} --db ${shownDb}`
				);
			}
			if (!(await store.findRole(adminRole))) await store.createRole({ name: adminRole, description: "Administrators" });
			await store.createUser({ [store.identityField]: admin, password: await hashPassword(password), roles: [adminRole], active: true });
		} finally {
			await db.destroy();
		}
		// Last, so a failure above leaves no .env pointing at a database without its admin.
		const env = [
			"# Written by identity init. Keep this file out of version control: the secret signs every session and token.",
			`IDENTITY_SECRET=${generateSecret()}`,
			`IDENTITY_DATABASE_URL=./${databaseFile}`,
			""
		].join("\n");
		writeFileSync(join(dir, ".env"), env, { mode: 0o600 });

		const text = [
			`Wrote ${shownEnv} (IDENTITY_SECRET, IDENTITY_DATABASE_URL=./${databaseFile})`,
			`Created ${shownDb} (migrated) with the user ${admin} (role ${adminRole})`,
			...(generate ? [`Password of ${admin} (shown once, keep it now): ${password}`] : []),
			"",
			"Next steps:",
			...(shownDir === "." ? [] : [`  cd ${shownDir}`]),
			"  npm install @identity/core @identity/kysely @identity/node kysely better-sqlite3",
			"  Save the Quickstart from the @identity README as server.ts, serve its fetch handler with",
			'  @identity/node (import { serve } from "@identity/node"; await serve(handler, { port: 3000 })),',
			"  compile it (tsc) and start it with the .env loaded: node --env-file=.env server.js",
			`  Sign in at http://127.0.0.1:3000/identity/login as ${admin}`,
			"Add .env to .gitignore."
		].join("\n");
		const data = {
			directory: dir,
			env: join(dir, ".env"),
			database: join(dir, databaseFile),
			admin: { username: admin, roles: [adminRole] },
			...(generate ? { password } : {})
		};
		return { data, text };
	}
};
