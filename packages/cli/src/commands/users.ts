import { hashPassword } from "@identity/core";
import type { ParsedArgs } from "../internal/args.js";
import { type Command, identityOf, requireRole, requireUser } from "../internal/command.js";
import { CommandError, UsageError } from "../internal/errors.js";
import { formatRecord, formatTable, formatValue, userView } from "../internal/output.js";
import { assertStrongPassword, readNewPassword } from "../internal/password-input.js";

/** `identity users create <identity>`: a new user; the password is prompted or read from stdin. */
export const usersCreate: Command = {
	spec: {
		name: "users create",
		summary: "Create a user. The password is prompted without echo, or read from stdin with --password-stdin.",
		positionals: ["identity"],
		options: {
			role: { type: "string", multiple: true, valueName: "name", description: "Give the user this role (repeatable)" },
			inactive: { type: "boolean", description: "Create the user deactivated" },
			"password-stdin": { type: "boolean", description: "Read the password from stdin (one line)" }
		},
		examples: ["identity users create alice --role admin", "printf '%s\\n' \"$PW\" | identity users create bob --password-stdin"]
	},
	async run(context, args) {
		const [identity = ""] = args.positionals;
		const roles = (args.values.role as string[] | undefined) ?? [];
		const store = await context.store();
		if (await store.findUser(identity)) throw new CommandError("ERR_USER_EXISTS", `User "${identity}" already exists`);
		for (const role of roles) await requireRole(store, role);
		const password = await readNewPassword(context.io, args.values["password-stdin"] === true);
		assertStrongPassword(password);
		const user = await store.createUser({
			[store.identityField]: identity,
			password: await hashPassword(password),
			roles,
			active: args.values.inactive !== true
		});
		const view = userView(user, store.identityField);
		const suffix = roles.length ? ` with roles ${roles.join(", ")}` : "";
		return { data: { user: view }, text: `Created user ${identityOf(store, user)}${suffix}${user.active ? "" : " (inactive)"}` };
	}
};

/** `identity users list`: every user (or a page), without hashes. */
export const usersList: Command = {
	spec: {
		name: "users list",
		summary: "List users.",
		positionals: [],
		options: {
			limit: { type: "string", valueName: "n", description: "At most n users (default: all)" },
			offset: { type: "string", valueName: "n", description: "Skip the first n users" }
		}
	},
	async run(context, args) {
		const limit = readCount(args, "limit");
		const offset = readCount(args, "offset") ?? 0;
		const store = await context.store();
		const users = [];
		const pageSize = 500;
		for (let at = offset; limit === undefined || users.length < limit; at += pageSize) {
			const size = limit === undefined ? pageSize : Math.min(pageSize, limit - users.length);
			const page = await store.listUsers({ limit: size, offset: at });
			users.push(...page);
			if (page.length < size) break;
		}
		const views = users.map((u) => userView(u, store.identityField));
		const headers = ["ID", store.identityField.toUpperCase(), "ACTIVE", "ROLES", "CREATED", "LAST LOGIN"];
		const rows = views.map((v) => [v.id, v[store.identityField], v.active, v.roles, v.createdAt, v.lastLoginAt].map(formatValue));
		return { data: { users: views }, text: views.length ? formatTable(headers, rows) : "No users" };
	}
};

/** `identity users show <identity>`: the user, whether two-factor is on, how many passkeys. */
export const usersShow: Command = {
	spec: { name: "users show", summary: "Show one user (never the password hash), with their two-factor state and passkey count.", positionals: ["identity"], options: {} },
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		const twoFactor = await store.getTwoFactor(user);
		const view = {
			...userView(user, store.identityField),
			twoFactor: twoFactor === null ? "off" : twoFactor.enabledAt ? "enabled" : "set up, not enabled",
			recoveryCodesLeft: twoFactor?.recoveryCodesLeft ?? 0,
			passkeys: (await store.listPasskeys(user)).length
		};
		return { data: { user: view }, text: formatRecord(view) };
	}
};

/** `identity users delete <identity>`. */
export const usersDelete: Command = {
	spec: { name: "users delete", summary: "Delete a user with their role links, two-factor state, recovery codes and passkeys.", positionals: ["identity"], options: {} },
	async run(context, args) {
		const store = await context.store();
		const user = await requireUser(store, args.positionals[0] ?? "");
		await store.deleteUser(user);
		const identity = identityOf(store, user);
		return { data: { deleted: identity }, text: `Deleted user ${identity}` };
	}
};

function readCount(args: ParsedArgs, name: string): number | undefined {
	const raw = args.values[name];
	if (raw === undefined) return undefined;
	const value = Number(raw);
	if (typeof raw !== "string" || !/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
		throw new UsageError(`--${name} must be a whole number`);
	}
	return value;
}
