/** Runs once when the server starts: seeds the fixture users when asked (tests and the demo). */
export async function register(): Promise<void> {
	if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.IDENTITY_SEED !== "fixture") return;
	const { identity } = await import("./lib/identity");
	const { seedFixtureUsers } = await import("@identity/testing/fixture");
	await seedFixtureUsers(identity.store, identity.hashPassword);
}
