/**
 * The peer: better-auth's `getSession` in front of the bare handler, on its own SQLite database
 * (better-sqlite3 in memory, migrated by better-auth), email + password on. The factory signs a user
 * up and in and returns the cookies the sign-in set; with the cookie cache on, that includes the
 * signed session-data cookie, so getSession can answer without a database query.
 */
import Database from "better-sqlite3";

const body = "ok";

/**
 * @param {{ cookieCache: boolean }} settings
 * @returns {Promise<import("./bare.mjs").BenchApp>}
 */
export async function createBetterAuthGetSession({ cookieCache }) {
	const [{ betterAuth }, { getMigrations }] = await Promise.all([import("better-auth"), import("better-auth/db/migration")]);
	const sqlite = new Database(":memory:");
	const options = {
		baseURL: "http://127.0.0.1",
		secret: "bench-secret-0123456789abcdef0123456789abcdef",
		database: sqlite,
		emailAndPassword: { enabled: true },
		session: { cookieCache: { enabled: cookieCache, maxAge: 5 * 60 } },
		telemetry: { enabled: false },
		logger: { disabled: true }
	};
	const auth = betterAuth(options);
	const { runMigrations } = await getMigrations(auth.options);
	await runMigrations();
	const credentials = { email: "admin@example.com", password: "correct horse battery staple" };
	await auth.api.signUpEmail({ body: { ...credentials, name: "Admin" } });
	const signIn = await auth.api.signInEmail({ body: credentials, asResponse: true });
	const cookie = signIn.headers
		.getSetCookie()
		.map((line) => line.split(";")[0])
		.join("; ");
	if (cookieCache && !cookie.includes("session_data")) throw new Error("better-auth: no session-data cookie with the cookie cache on");
	return {
		fetch: async (request) => {
			const session = await auth.api.getSession({ headers: request.headers });
			return session ? new Response(body) : new Response("unauthenticated", { status: 401 });
		},
		headers: { cookie },
		close: () => sqlite.close()
	};
}
