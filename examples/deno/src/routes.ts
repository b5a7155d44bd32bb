import type { Identity } from "@identity/core";

/** A fetch handler. */
export type Handler = (request: Request) => Promise<Response>;

/** Routes by exact path, then by method: what `createApp` dispatches on. */
export type Routes = Record<string, Partial<Record<"GET" | "POST", Handler>>>;

const json = (value: unknown, status = 200) => Response.json(value, { status });

/** `POST /admin/deactivate` and `/admin/activate` with `{ "username": "..." }`. */
async function setActive(identity: Identity, request: Request, active: boolean): Promise<Response> {
	const body = (await request.json().catch(() => null)) as { username?: unknown } | null;
	if (typeof body?.username !== "string") return json({ error: "invalid_request", fields: ["username"] }, 400);
	const user = await identity.store.findUser(body.username);
	if (!user) return json({ error: "not_found" }, 404);
	const changed = active ? await identity.store.activateUser(user) : await identity.store.deactivateUser(user);
	return json({ username: body.username, active, changed });
}

/** `GET /stream?lines=n`: n lines, one chunk each (a streamed body passes through unchanged). */
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
 * The example's pages, one per guard, keyed by path then method. They are the routes of the
 * repository's shared behavioural suite, which the tests run against this server.
 */
export function createRoutes(identity: Identity): Routes {
	const { withIdentity, loginRequired, rolesRequired, rolesAccepted, authRequired, freshLoginRequired, currentUser } = identity;
	const name = (request: Request) => currentUser(request)[identity.store.identityField] ?? null;
	return {
		"/": { GET: withIdentity(async (request) => json({ page: "home", username: currentUser(request).isAuthenticated ? name(request) : null })) },
		"/me": {
			GET: loginRequired(async (request) => {
				const user = currentUser(request);
				return json({ username: name(request), roles: user.roles, isAuthenticated: user.isAuthenticated, loginAddress: user.currentLoginAddress ?? null });
			})
		},
		"/admin": { GET: rolesRequired(async () => json({ page: "admin" }), "admin") },
		"/admin/deactivate": { POST: rolesRequired((request) => setActive(identity, request, false), "admin") },
		"/admin/activate": { POST: rolesRequired((request) => setActive(identity, request, true), "admin") },
		"/editor": { GET: rolesAccepted(async () => json({ page: "editor" }), "editor", "writer") },
		"/api/data": { GET: authRequired(async () => json({ data: [1, 2, 3] }), "token") },
		"/fresh": { GET: freshLoginRequired(async () => json({ page: "fresh" })) },
		"/api/echo": {
			POST: loginRequired(async (request) =>
				json({ username: name(request), contentType: request.headers.get("content-type"), body: await request.text() })
			)
		},
		"/stream": { GET: async (request) => streamLines(request) }
	};
}

/**
 * The whole app as one fetch handler: `identity.handle` under `/identity/` (login form, JSON login,
 * logout), the routes of `createRoutes`, HEAD served by GET, OPTIONS by the route's guard (which
 * answers it without running the page), 405 and 404 otherwise.
 */
export function createApp(identity: Identity): Handler {
	const routes = createRoutes(identity);
	const basePath = identity.urlForIdentity("login").replace(/\/login(?:\?.*)?$/, "");
	return async (request) => {
		const { pathname } = new URL(request.url);
		if (pathname === basePath || pathname.startsWith(`${basePath}/`)) return identity.handle(request);
		const route = routes[pathname];
		if (!route) return json({ error: "not_found" }, 404);
		const method = request.method === "HEAD" ? "GET" : request.method;
		const handler = method === "OPTIONS" ? (route.GET ?? route.POST) : route[method as "GET" | "POST"];
		if (!handler) return new Response(null, { status: 405, headers: { allow: Object.keys(route).join(", ") } });
		return handler(request);
	};
}
