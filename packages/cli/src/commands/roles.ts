import type { IdentityStore, RoleRecord, UserRecord } from "@identity/core";
import { type Command, identityOf, requireRole, requireUser } from "../internal/command.js";
import { CommandError } from "../internal/errors.js";
import { formatTable, formatValue, roleView } from "../internal/output.js";

/** `identity roles create <name> [--description d]`. */
export const rolesCreate: Command = {
	spec: {
		name: "roles create",
		summary: "Create a role.",
		positionals: ["name"],
		options: { description: { type: "string", valueName: "text", description: "What the role is for" } },
		examples: ['identity roles create admin --description "Administrators"']
	},
	async run(context, args) {
		const [name = ""] = args.positionals;
		const store = await context.store();
		if (await store.findRole(name)) throw new CommandError("ERR_ROLE_EXISTS", `Role "${name}" already exists`);
		const description = args.values.description;
		const role = await store.createRole({ name, description: typeof description === "string" ? description : null });
		return { data: { role: roleView(role) }, text: `Created role ${role.name}` };
	}
};

/** `identity roles list`. */
export const rolesList: Command = {
	spec: { name: "roles list", summary: "List roles.", positionals: [], options: {} },
	async run(context) {
		const store = await context.store();
		const roles = (await store.listRoles()).map(roleView);
		const rows = roles.map((r) => [r.id, r.name, r.description].map(formatValue));
		return { data: { roles }, text: roles.length ? formatTable(["ID", "NAME", "DESCRIPTION"], rows) : "No roles" };
	}
};

function linkCommand(
	name: "add" | "remove",
	change: (store: IdentityStore, user: UserRecord, role: RoleRecord) => Promise<boolean>
): Command {
	const adding = name === "add";
	return {
		spec: {
			name: `roles ${name}`,
			summary: adding ? "Give a user a role." : "Take a role from a user.",
			positionals: ["identity", "role"],
			options: {},
			examples: [`identity roles ${name} alice admin`]
		},
		async run(context, args) {
			const [identityArg = "", roleName = ""] = args.positionals;
			const store = await context.store();
			const user = await requireUser(store, identityArg);
			const role = await requireRole(store, roleName);
			const changed = await change(store, user, role);
			const identity = identityOf(store, user);
			const text = adding
				? changed
					? `Gave ${identity} the role ${role.name}`
					: `${identity} already had the role ${role.name}`
				: changed
					? `Took the role ${role.name} from ${identity}`
					: `${identity} did not have the role ${role.name}`;
			return { data: { identity, role: role.name, changed }, text };
		}
	};
}

/** `identity roles add <identity> <role>`. */
export const rolesAdd: Command = linkCommand("add", (store, user, role) => store.addRoleToUser(user, role));

/** `identity roles remove <identity> <role>`. */
export const rolesRemove: Command = linkCommand("remove", (store, user, role) => store.removeRoleFromUser(user, role));
