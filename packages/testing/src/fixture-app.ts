import type { Identity } from "@identity/core";

/** A fetch handler of the fixture app. */
export type FixtureHandler = (request: Request) => Response | Promise<Response>;

/** Routes by exact path, then by method: the shape `Bun.serve({ routes })` takes. */
export type FixtureRoutes = Record<string, Partial<Record<"GET" | "POST", FixtureHandler>>>;

function json(value: unknown, status = 200): Response {
	return Response.json(value, { status });
}

async function setActive(identity: Identity, request: Request, active: boolean): Promise<Response> {
	const body = (await request.json().catch(() => null)) as { username?: unknown } | null;
	if (typeof body?.username !== "string") return json({ error: "invalid_request", fields: ["username"] }, 400);
	const user = await identity.store.findUser(body.username);
	if (!user) return json({ error: "not_found" }, 404);
	const changed = active ? await identity.store.activateUser(user) : await identity.store.deactivateUser(user);
	return json({ username: body.username, active, changed });
}

/**
 * The fixture's guarded routes, one per guard, keyed by path then method. Every adapter and runtime
 * serves these (through `createFixtureApp`, or directly as `Bun.serve({ routes })`), so the shared
 * suite `describeHandlers` can check the same behaviour everywhere.
 */
export function createFixtureRoutes(identity: Identity): FixtureRoutes {
	const { withIdentity, loginRequired, rolesRequired, rolesAccepted, authRequired, freshLoginRequired } = identity;
	const me = (request: Request) => {
		const user = identity.currentUser(request);
		return json({
			username: user[identity.store.identityField] ?? null,
			roles: user.roles,
			isAuthenticated: user.isAuthenticated,
			loginAddress: user.currentLoginAddress ?? null
		});
	};
	return {
		"/": {
			GET: withIdentity(async (request: Request) => {
				const user = identity.currentUser(request);
				return json({ page: "home", username: user.isAuthenticated ? user[identity.store.identityField] : null });
			})
		},
		"/me": { GET: loginRequired(me) },
		"/admin": { GET: rolesRequired(async () => json({ page: "admin" }), "admin") },
		"/admin/deactivate": { POST: rolesRequired((request: Request) => setActive(identity, request, false), "admin") },
		"/admin/activate": { POST: rolesRequired((request: Request) => setActive(identity, request, true), "admin") },
		"/editor": { GET: rolesAccepted(async () => json({ page: "editor" }), "editor", "writer") },
		"/api/data": { GET: authRequired(async () => json({ data: [1, 2, 3] }), "token") },
		"/fresh": { GET: freshLoginRequired(async () => json({ page: "fresh" })) },
		"/api/echo": {
			POST: loginRequired(async (request: Request) =>
				json({
					username: identity.currentUser(request)[identity.store.identityField],
					contentType: request.headers.get("content-type"),
					body: await request.text()
				})
			)
		},
		"/stream": { GET: async (request: Request) => streamLines(request) }
	};
}

/** `GET /stream?lines=n`: n lines, one chunk each, so adapters must pass a streamed body through. */
function streamLines(request: Request): Response {
	const lines = Math.min(Number(new URL(request.url).searchParams.get("lines") ?? "10") || 10, 10_000);
	const encoder = new TextEncoder();
	let sent = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent === lines) return controller.close();
			controller.enqueue(encoder.encode(`line ${sent++}\n`));
		}
	});
	return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}

/**
 * The fixture app as one fetch handler: the routes of `createFixtureRoutes`, plus `identity.handle`
 * under the identity routes' base path (`/identity/...`), `HEAD` served by `GET`, `OPTIONS` by the
 * route's guard, 405 and 404 otherwise.
 */
export function createFixtureApp(identity: Identity): (request: Request) => Promise<Response> {
	const routes = createFixtureRoutes(identity);
	const basePath = identity.urlForIdentity("login").replace(/\/login(?:\?.*)?$/, "");
	return async (request) => {
		const { pathname } = new URL(request.url);
		if (pathname === basePath || pathname.startsWith(`${basePath}/`)) return identity.handle(request);
		const route = routes[pathname];
		if (!route) return json({ error: "not_found" }, 404);
		// HEAD is served by GET; OPTIONS goes to the route's guard, as `app.all` would send it (the
		// guard must answer it without running the handler).
		const method = request.method === "HEAD" ? "GET" : request.method;
		const handler = method === "OPTIONS" ? (route.GET ?? route.POST) : route[method as "GET" | "POST"];
		if (!handler) {
			return new Response(null, { status: 405, headers: { allow: Object.keys(route).join(", ") } });
		}
		return handler(request);
	};
}
