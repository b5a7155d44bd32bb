import { type IdentityStore, type UserRecord, hashPassword } from "@identity/core";
import { type Command, identityOf, requireUser } from "../internal/command.js";
import { assertStrongPassword, readNewPassword } from "../internal/password-input.js";

function toggleCommand(
	name: "activate" | "deactivate",
	change: (store: IdentityStore, user: UserRecord) => Promise<boolean>
): Command {
	const active = name === "activate";
	return {
		spec: {
			name: `users ${name}`,
			summary: active
				? "Activate a user: they may log in again (sessions and tokens from before a deactivation stay dead)."
				: "Deactivate a user: they can no longer log in, and their sessions, remember cookies and tokens end for good (reactivation does not revive them).",
			positionals: ["identity"],
			options: {}
		},
		async run(context, args) {
			const store = await context.store();
			const user = await requireUser(store, args.positionals[0] ?? "");
			const changed = await change(store, user);
			const identity = identityOf(store, user);
			const state = active ? "active" : "inactive";
			const done = active ? `Activated ${identity}` : `Deactivated ${identity}: their sessions, remember cookies and tokens no longer work`;
			const text = changed ? done : `${identity} was already ${state}`;
			return { data: { identity, active, changed }, text };
		}
	};
}

/** `identity users activate <identity>`. */
export const usersActivate: Command = toggleCommand("activate", (store, user) => store.activateUser(user));

/** `identity users deactivate <identity>`. */
export const usersDeactivate: Command = toggleCommand("deactivate", (store, user) => store.deactivateUser(user));

/** `identity users reset-access <identity>`: rotates the uniquifier, ending every credential of the user. */
export const usersResetAccess: Command = {
	spec: {
		name: "users reset-access",
		summary: "Rotate the user's uniquifier: every session, remember cookie and token they hold stops working.",
		positionals: ["identity"],
		options: {}
	},
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		await store.setUniquifier(user);
		const identity = identityOf(store, user);
		return { data: { identity, reset: true }, text: `Reset access for ${identity}: their sessions, remember cookies and tokens no longer work` };
	}
};

/** `identity users set-password <identity>`: a new password (prompted or stdin); ends the user's sessions. */
export const usersSetPassword: Command = {
	spec: {
		name: "users set-password",
		summary: "Set a new password (prompted without echo, or --password-stdin) and end the user's sessions and tokens.",
		positionals: ["identity"],
		options: { "password-stdin": { type: "boolean", description: "Read the password from stdin (one line)" } }
	},
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const password = await readNewPassword(context.io, args.values["password-stdin"] === true);
		assertStrongPassword(password);
		await store.setPassword(user, await hashPassword(password));
		await store.setUniquifier(user);
		const identity = identityOf(store, user);
		return { data: { identity, passwordSet: true }, text: `Set a new password for ${identity}; their sessions and tokens no longer work` };
	}
};
