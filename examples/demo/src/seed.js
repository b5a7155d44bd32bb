/** The demo's roles and users. Passwords are printed on first start: this is a demo, not a deployment. */
export const demoRoles = [
	{ name: "admin", description: "Can see the admin page" },
	{ name: "editor", description: "Can see the editorial page" },
	{ name: "writer", description: "Can see the editorial page" }
];

export const demoUsers = [
	{ username: "admin", password: "admin-demo", roles: ["admin"], active: true },
	{ username: "editor", password: "editor-demo", roles: ["editor"], active: true },
	{ username: "writer", password: "writer-demo", roles: ["writer"], active: true },
	{ username: "reader", password: "reader-demo", roles: [], active: true },
	{ username: "inactive", password: "inactive-demo", roles: [], active: false }
];

/** The demo users' addresses: `<username>@demo.test`, confirmed (password recovery mails go to the dev mailbox). */
export const emailOf = (username) => `${username}@demo.test`;

/**
 * Creates the demo roles and users when the database has no users yet.
 *
 * @param {import("@identity/core").Identity} identity
 * @returns {Promise<boolean>} true when it seeded (a first start), false when users already existed.
 */
export async function seedDemo(identity) {
	const { store } = identity;
	if ((await store.listUsers({ limit: 1 })).length > 0) return false;
	for (const role of demoRoles) {
		if (!(await store.findRole(role.name))) await store.createRole(role);
	}
	for (const user of demoUsers) {
		await store.createUser({
			username: user.username,
			email: emailOf(user.username),
			confirmedAt: new Date(),
			password: await identity.hashPassword(user.password),
			roles: user.roles,
			active: user.active
		});
	}
	return true;
}

/** The seeded users as a table for the terminal. */
export function describeDemoUsers() {
	const rows = demoUsers.map((u) => [u.username, u.password, u.roles.join(", ") || "-", u.active ? "active" : "INACTIVE"]);
	const widths = [0, 1, 2, 3].map((i) => Math.max(...[["user", "password", "roles", "status"][i].length, ...rows.map((r) => r[i].length)]));
	const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
	return [line(["user", "password", "roles", "status"]), ...rows.map(line)].join("\n");
}
