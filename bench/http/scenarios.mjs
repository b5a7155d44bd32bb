/**
 * The HTTP benchmark's scenarios, run by `node bench/http/run.mjs`; each is served by its own process.
 *
 * - `name`: the table row.
 * - `server`: how the app is served, a key of `servers` in servers.mjs: "hono" (@hono/node-server),
 *   "srvx", "identity-node" (@identity/node serve), "express" (toExpressHandler), "express-route"
 *   (a plain Express route), "node-http" (a bare node:http listener).
 * - `module` + `export`: the app factory (a path relative to this file, or a package name). It is
 *   called with `args` in the server process and resolves to a `BenchApp` (see apps/bare.mjs): the
 *   fetch handler (or the Express route / node:http listener), plus headers wrk sends with every
 *   request (a session cookie, a bearer token obtained at setup), a path, or `skip` with a reason
 *   when the scenario cannot run here (e.g. no PostgreSQL).
 * - `baseline: true` on exactly one scenario: the ratios are against its median.
 *
 * To add a guarded scenario, write a factory that creates the identity, logs a user in and returns
 * `{ fetch: identity.loginRequired(handler), headers: { cookie } }`, and add a row here.
 */
export const scenarios = [
	{ name: "@hono/node-server, bare handler", server: "hono", module: "./apps/bare.mjs", export: "createBareHandler", baseline: true },
	{ name: "@hono/node-server, bare async handler", server: "hono", module: "./apps/bare.mjs", export: "createBareAsyncHandler" },
	{ name: "srvx, bare handler", server: "srvx", module: "./apps/bare.mjs", export: "createBareHandler" },
	{ name: "srvx, bare handler with srvx's FastResponse", server: "srvx", module: "./apps/bare.mjs", export: "createFastResponseHandler" },
	{ name: "@identity/node serve(), bare handler", server: "identity-node", module: "./apps/bare.mjs", export: "createBareHandler" },
	{ name: "Express, bare route", server: "express-route", module: "./apps/bare.mjs", export: "createBareExpressRoute" },
	{ name: "Express + toExpressHandler, bare handler", server: "express", module: "./apps/bare.mjs", export: "createBareHandler" },
	{ name: "Express + identityMiddleware (pass-through guard), bare route", server: "express-route", module: "./apps/bare.mjs", export: "createPassThroughMiddlewareRoute" },
	{ name: "node:http, bare listener (no translation)", server: "node-http", module: "./apps/bare.mjs", export: "createBareListener" },
	// The guards, on @hono/node-server (the baseline's server), SQLite in memory unless named.
	{ name: "bare handler sent the same session cookie (no guard)", server: "hono", module: "./apps/guarded.mjs", export: "createBareWithCookie", args: ["sqlite"] },
	{ name: "async handler reading the Cookie header (no guard)", server: "hono", module: "./apps/guarded.mjs", export: "createCookieReadingHandler", args: ["sqlite"] },
	{ name: "loginRequired, session cookie (SQLite, defaults)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["sqlite"] },
	{ name: "loginRequired, handler reads currentUser (SQLite)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequiredReadingUser", args: ["sqlite"] },
	{ name: "rolesRequired('admin'), session cookie (SQLite)", server: "hono", module: "./apps/guarded.mjs", export: "createRolesRequired", args: ["sqlite"] },
	{ name: "authRequired('token'), bearer token (SQLite)", server: "hono", module: "./apps/guarded.mjs", export: "createBearerRequired", args: ["sqlite"] },
	{ name: "loginRequired, userCache: false (SQLite)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["sqlite", { userCache: false }] },
	{ name: "loginRequired (PostgreSQL, user cache on)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["postgres"] },
	{ name: "loginRequired, userCache: false (PostgreSQL)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["postgres", { userCache: false }] },
	{ name: "loginRequired, userCache: false (PostgreSQL, withPreparedStatements)", server: "hono", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["postgres-prepared", { userCache: false }] },
	{ name: "@identity/node serve() + loginRequired (SQLite)", server: "identity-node", module: "./apps/guarded.mjs", export: "createLoginRequired", args: ["sqlite"] },
	// The peer, on the same server, its own SQLite.
	{ name: "better-auth getSession, cookie cache on", server: "hono", module: "./apps/better-auth.mjs", export: "createBetterAuthGetSession", args: [{ cookieCache: true }] },
	{ name: "better-auth getSession, cookie cache off", server: "hono", module: "./apps/better-auth.mjs", export: "createBetterAuthGetSession", args: [{ cookieCache: false }] }
];
