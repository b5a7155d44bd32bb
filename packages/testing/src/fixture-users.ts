import type { IdentityStore } from "@identity/core";

/** One seeded user of the fixture app: its login name, password, roles and whether it starts active. */
export interface FixtureUser {
	readonly username: string;
	readonly password: string;
	readonly roles: readonly string[];
	readonly active: boolean;
}

/**
 * The users every fixture app is seeded with. The passwords are test constants, never real secrets.
 * `frozen` is active at start; the suite deactivates and reactivates it through the admin routes.
 */
export const fixtureUsers = {
	admin: { username: "admin", password: "admin-password-1", roles: ["admin"], active: true },
	editor: { username: "editor", password: "editor-password-1", roles: ["editor"], active: true },
	writer: { username: "writer", password: "writer-password-1", roles: ["writer"], active: true },
	user: { username: "plain", password: "plain-password-1", roles: [], active: true },
	inactive: { username: "inactive", password: "inactive-password-1", roles: ["editor"], active: false },
	frozen: { username: "frozen", password: "frozen-password-1", roles: ["editor"], active: true }
} as const satisfies Record<string, FixtureUser>;

/** The roles the fixture app uses. */
export const fixtureRoles = ["admin", "editor", "writer"] as const;

/** A 32-byte-plus secret for fixture identities. Test-only: never use it in a real app. */
export const FIXTURE_SECRET = "fixture-secret-for-tests-only-0123456789abcdef";

/**
 * Creates the fixture roles and users in `store` (skipping any that exist), hashing each password
 * with `hashPassword` (pass `identity.hashPassword`, so the pepper and hasher match the app's).
 */
export async function seedFixtureUsers(
	store: IdentityStore,
	hashPassword: (password: string) => Promise<string>
): Promise<void> {
	for (const name of fixtureRoles) {
		if (!(await store.findRole(name))) await store.createRole({ name });
	}
	for (const user of Object.values(fixtureUsers)) {
		if (await store.findUser(user.username)) continue;
		await store.createUser({
			[store.identityField]: user.username,
			password: await hashPassword(user.password),
			roles: [...user.roles],
			active: user.active
		});
	}
}
