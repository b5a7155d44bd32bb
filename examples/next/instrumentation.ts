/** Runs once when the server starts: creates the example users when asked (`IDENTITY_SEED=example`). */
export async function register(): Promise<void> {
	if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.IDENTITY_SEED !== "example") return;
	const { identity } = await import("./lib/identity");
	const { seedExampleUsers } = await import("./lib/users");
	await seedExampleUsers(identity);
}
