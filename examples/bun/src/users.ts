import type { Identity } from "@identity/core";

/** One user the example creates at start: login name, password, roles, and whether it may sign in. */
export interface ExampleUser {
	readonly username: string;
	readonly password: string;
	readonly roles: readonly string[];
	readonly active: boolean;
}

/**
 * The users the example creates on start (listed in README.md). Their passwords are public: this
 * is an example, never a deployment. `inactive` is deactivated, so its login is refused; the
 * tests deactivate and reactivate `frozen` through `/admin/deactivate` and `/admin/activate`.
 */
export const exampleUsers: readonly ExampleUser[] = [
	{ username: "admin", password: "admin-password-1", roles: ["admin"], active: true },
	{ username: "editor", password: "editor-password-1", roles: ["editor"], active: true },
	{ username: "writer", password: "writer-password-1", roles: ["writer"], active: true },
	{ username: "plain", password: "plain-password-1", roles: [], active: true },
	{ username: "frozen", password: "frozen-password-1", roles: ["editor"], active: true },
	{ username: "inactive", password: "inactive-password-1", roles: ["editor"], active: false }
];

/** Creates the example's roles and users, skipping any that exist (a database file keeps them). */
export async function seedExampleUsers(identity: Identity): Promise<void> {
	const { store } = identity;
	for (const name of ["admin", "editor", "writer"]) {
		if (!(await store.findRole(name))) await store.createRole({ name });
	}
	for (const user of exampleUsers) {
		if (await store.findUser(user.username)) continue;
		await store.createUser({
			[store.identityField]: user.username,
			password: await identity.hashPassword(user.password),
			roles: [...user.roles],
			active: user.active
		});
	}
}
