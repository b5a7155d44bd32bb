/**
 * Guarded scenarios: the bare handler of apps/bare.mjs behind an @identity/core guard, on a real
 * store (SQLite in memory, or PostgreSQL when IDENTITY_TEST_PG is set). Each factory creates the
 * identity with default options (unless a scenario says otherwise), creates a user, logs it in and
 * returns the credential as `headers`, so every request wrk sends is authenticated.
 */
import { createIdentity } from "@identity/core";
import { createKyselyStore, migrateToLatest, withPreparedStatements } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";

const secret = "bench-secret-0123456789abcdef0123456789abcdef";
const body = "ok";
const handler = () => new Response(body);

/** A migrated SQLite database in memory. */
async function openSqlite() {
	const db = await createSqliteDatabase(":memory:");
	return { db, close: () => db.destroy() };
}

/**
 * A migrated PostgreSQL schema of its own (dropped at close), or null when IDENTITY_TEST_PG is unset.
 * `prepared`: the pool wrapped by withPreparedStatements (the user lookups as named statements).
 */
async function openPostgres(prepared = false) {
	const url = process.env.IDENTITY_TEST_PG;
	if (!url) return null;
	const [{ Kysely, PostgresDialect }, { default: pg }] = await Promise.all([import("kysely"), import("pg")]);
	const schema = `identity_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 10 });
	const db = new Kysely({ dialect: new PostgresDialect({ pool: prepared ? withPreparedStatements(pool) : pool }) });
	await migrateToLatest(db);
	return {
		db,
		async close() {
			await db.destroy();
			await admin.query(`drop schema ${schema} cascade`);
			await admin.end();
		}
	};
}

/**
 * The shared setup: an identity on `database` ("sqlite" | "postgres" | "postgres-prepared") with `options`, an admin user
 * logged in, and its session cookie and bearer token.
 */
async function setup(database, options = {}) {
	const opened = database === "postgres" || database === "postgres-prepared" ? await openPostgres(database === "postgres-prepared") : await openSqlite();
	if (!opened) return null;
	const store = createKyselyStore(opened.db);
	const identity = createIdentity({ store, secret, ...options });
	const admin = await store.createRole({ name: "admin" });
	const user = await store.createUser({ username: "admin", password: await identity.hashPassword("correct horse battery staple"), roles: [admin] });
	const request = new Request("http://127.0.0.1/login", { method: "POST" });
	if (!(await identity.loginUser(request, user))) throw new Error("bench: login failed");
	const cookie = identity
		.applyCookies(request, new Response(null))
		.headers.getSetCookie()
		.map((line) => line.split(";")[0])
		.join("; ");
	// A login with the default single session rotates the uniquifier: sign the token for the record as it is now.
	const token = await identity.getAuthToken(await store.findUser({ id: user.id }));
	return { identity, cookie, token, close: opened.close };
}

const postgresSkip = { skip: "IDENTITY_TEST_PG is not set (e.g. postgres://postgres@127.0.0.1:5432/test)" };

/**
 * @param {"sqlite" | "postgres" | "postgres-prepared"} [database]
 * @param {object} [options] extra createIdentity options (e.g. `{ userCache: false }`)
 * @returns {Promise<import("./bare.mjs").BenchApp>} `loginRequired` with the session cookie.
 */
export async function createLoginRequired(database = "sqlite", options = {}) {
	const world = await setup(database, options);
	if (!world) return postgresSkip;
	return { fetch: world.identity.loginRequired(handler), headers: { cookie: world.cookie }, close: world.close };
}

/**
 * `loginRequired` around a handler that reads the current user (`identity.currentUser(request)`),
 * as most real handlers do: the quick path makes the user object only when it is read, so this row
 * shows what making it costs.
 */
export async function createLoginRequiredReadingUser(database = "sqlite", options = {}) {
	const world = await setup(database, options);
	if (!world) return postgresSkip;
	const { identity } = world;
	return { fetch: identity.loginRequired((request) => new Response(identity.currentUser(request).isAuthenticated ? body : "anonymous")), headers: { cookie: world.cookie }, close: world.close };
}

/**
 * @returns {Promise<import("./bare.mjs").BenchApp>} The bare handler, unguarded, sent the same
 * session cookie: what the request's bytes cost (parsing a longer request) before any guard runs.
 */
export async function createBareWithCookie(database = "sqlite") {
	const world = await setup(database);
	if (!world) return postgresSkip;
	return { fetch: handler, headers: { cookie: world.cookie }, close: world.close };
}

/**
 * @returns {Promise<import("./bare.mjs").BenchApp>} An async handler that only reads the Cookie
 * header, sent the session cookie: the floor of any cookie check on this server (@hono/node-server
 * materialises the request's headers on first read).
 */
export async function createCookieReadingHandler(database = "sqlite") {
	const world = await setup(database);
	if (!world) return postgresSkip;
	return { fetch: async (request) => (request.headers.get("cookie"), new Response(body)), headers: { cookie: world.cookie }, close: world.close };
}

/** @returns {Promise<import("./bare.mjs").BenchApp>} `rolesRequired('admin')` with the session cookie. */
export async function createRolesRequired(database = "sqlite", options = {}) {
	const world = await setup(database, options);
	if (!world) return postgresSkip;
	return { fetch: world.identity.rolesRequired(handler, "admin"), headers: { cookie: world.cookie }, close: world.close };
}

/** @returns {Promise<import("./bare.mjs").BenchApp>} `authRequired('token')` with a bearer token. */
export async function createBearerRequired(database = "sqlite", options = {}) {
	const world = await setup(database, options);
	if (!world) return postgresSkip;
	return { fetch: world.identity.authRequired(handler, "token"), headers: { authorization: `Bearer ${world.token}` }, close: world.close };
}
