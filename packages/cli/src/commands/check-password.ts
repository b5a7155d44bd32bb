import { createPasswordService } from "@identity/core";
import { type Command, identityOf, requireUser } from "../internal/command.js";
import { CommandError } from "../internal/errors.js";
import { readExistingPassword } from "../internal/password-input.js";

/**
 * `identity users check-password <identity>`: whether a password matches the stored hash, with
 * the Flask salt when one is given: a dry check of an import before the app goes live. It never
 * logs the user in, never rehashes and never counts as a failed login.
 */
export const usersCheckPassword: Command = {
	spec: {
		name: "users check-password",
		summary:
			"Check a password against the stored hash (exit 0 when it matches, 1 when not), without logging in or changing anything. " +
			"Imported Flask hashes need the Flask salt: $IDENTITY_LEGACY_SALT (or --legacy-salt, visible in process lists).",
		positionals: ["identity"],
		options: {
			"password-stdin": { type: "boolean", description: "Read the password from stdin (one line)" },
			"legacy-salt": { type: "string", valueName: "salt", description: "The Flask salt (default: $IDENTITY_LEGACY_SALT)" }
		},
		examples: ["IDENTITY_LEGACY_SALT=... identity users check-password alice@example.com"]
	},
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const option = args.values["legacy-salt"];
		const legacySalt = (typeof option === "string" && option) || context.io.env.IDENTITY_LEGACY_SALT || null;
		const password = await readExistingPassword(context.io, args.values["password-stdin"] === true);
		// The identity's own verifier: every format, NFKD, and the legacy salt.
		const passwords = createPasswordService({ legacySalt });
		const identity = identityOf(store, user);
		if (!(await passwords.verify(password, user.password)).ok) {
			const hint = legacySalt ? "" : " (no legacy salt given: imported Flask hashes need IDENTITY_LEGACY_SALT)";
			throw new CommandError("ERR_PASSWORD_MISMATCH", `The password does not match ${identity}${hint}`);
		}
		return { data: { identity, matches: true }, text: `The password matches ${identity}` };
	}
};
