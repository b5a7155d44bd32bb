import express, { type Express } from "express";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, expectTypeOf, test } from "vitest";
import { createIdentity, type CurrentUser, type Handler, type Identity } from "@identity/core";
import { createFixtureClient, createMemoryStore, FIXTURE_SECRET, fixtureUsers, seedFixtureUsers } from "@identity/testing";
import { identityMiddleware, toExpressHandler } from "./index.js";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(app: Express): Promise<string> {
	const server = createServer(app);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function fixtureIdentity(): Promise<Identity> {
	const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET });
	await seedFixtureUsers(identity.store, identity.hashPassword);
	return identity;
}

describe("identityMiddleware()", () => {
	test("sets req.user to the anonymous user when nothing is required", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		app.get("/", identityMiddleware(identity), (req, res) => {
			expectTypeOf(req.user).toEqualTypeOf<CurrentUser | undefined>();
			res.json({ isAnonymous: req.user?.isAnonymous });
		});
		expect(await (await fetch(await listen(app))).json()).toEqual({ isAnonymous: true });
	});

	test("takes a guard function; the deprecated { require } form still works", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		app.use("/identity", toExpressHandler(identity.handle));
		app.get("/admin", identityMiddleware(identity, (h) => identity.rolesRequired(h, "admin")), (req, res) => void res.json({ user: req.user?.username }));
		app.get("/legacy", identityMiddleware(identity, { require: { roles: ["admin"] } }), (req, res) => void res.json({ user: req.user?.username }));
		const url = await listen(app);
		const admin = createFixtureClient(url);
		await admin.login(fixtureUsers.admin.username, fixtureUsers.admin.password);
		const user = createFixtureClient(url);
		await user.login(fixtureUsers.user.username, fixtureUsers.user.password);
		for (const path of ["/admin", "/legacy"]) {
			expect(await (await admin.fetch(path)).json()).toEqual({ user: fixtureUsers.admin.username });
			expect((await user.fetch(path)).status).toBe(403);
			expect((await createFixtureClient(url).fetch(path)).status).toBe(401);
		}
	});

	test("leaves a form body it read for its CSRF token to later body parsers and routes", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		app.use("/identity", toExpressHandler(identity.handle));
		app.post("/note", identityMiddleware(identity, identity.loginRequired), express.urlencoded({ extended: false }), (req, res) => {
			res.json(req.body);
		});
		const client = createFixtureClient(await listen(app));
		await client.login(fixtureUsers.user.username, fixtureUsers.user.password);
		const { csrfToken } = (await (await client.fetch("/identity/login")).json()) as { csrfToken: string };
		const post = (token: string) =>
			client.fetch("/note", {
				method: "POST",
				headers: { "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ csrf_token: token, text: "hello", tag: "a" }).toString() + "&tag=b"
			});
		expect((await post("forged")).status).toBe(403);
		const accepted = await post(csrfToken);
		expect(accepted.status).toBe(200);
		expect(await accepted.json()).toEqual({ csrf_token: csrfToken, text: "hello", tag: ["a", "b"] });
	});

	test("after a custom guard that read the Request body itself, later parsers see it as already read", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		const reading = (handler: Handler): Handler => async (request) => (await request.text(), handler(request));
		app.post("/read", identityMiddleware(identity, reading), express.json(), (req, res) => void res.json({ parsed: Buffer.isBuffer(req.body) ? "bytes" : req.body }));
		const response = await fetch(`${await listen(app)}/read`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
		expect(await response.json()).toEqual({ parsed: "bytes" });
	});

	test("leaves an unread body to later parsers (JSON after the middleware)", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		app.use("/identity", toExpressHandler(identity.handle));
		app.post("/items", identityMiddleware(identity, identity.loginRequired), express.json(), (req, res) => void res.json(req.body));
		const client = createFixtureClient(await listen(app));
		await client.login(fixtureUsers.user.username, fixtureUsers.user.password);
		const response = await client.fetch("/items", {
			method: "POST",
			sameOrigin: true,
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ a: [1, 2] })
		});
		expect(await response.json()).toEqual({ a: [1, 2] });
	});
});

describe("toExpressHandler()", () => {
	test("keeps the mount path in the Request URL and re-serialises nested urlencoded bodies", async () => {
		const app = express();
		app.use(express.urlencoded({ extended: true }));
		app.use("/mounted", toExpressHandler(async (request) => Response.json({ url: request.url, body: await request.text() })));
		const url = await listen(app);
		const response = await fetch(`${url}/mounted/path?q=1`, {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: "user[name]=ann&user[tags]=x&user[tags]=y"
		});
		const body = (await response.json()) as { url: string; body: string };
		expect(body.url).toBe(`${url}/mounted/path?q=1`);
		expect(decodeURIComponent(body.body)).toBe("user[name]=ann&user[tags]=x&user[tags]=y");
	});

	test("hands a parsed body over with a Content-Length that matches the bytes, or the verify hook's raw bytes", async () => {
		const app = express();
		const echo = toExpressHandler(async (request) => {
			const text = await request.text();
			return Response.json({ text, length: request.headers.get("content-length"), chunked: request.headers.has("transfer-encoding") });
		});
		app.post("/parsed", express.json(), echo);
		app.post("/raw", express.json({ verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf) }), echo);
		const url = await listen(app);
		const sent = '{ "a" : [1, 2] }';
		const post = (path: string) => fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: sent });
		expect(await (await post("/parsed")).json()).toEqual({ text: '{"a":[1,2]}', length: "11", chunked: false });
		expect(await (await post("/raw")).json()).toEqual({ text: sent, length: String(sent.length), chunked: false });
	});

	test("passes handler errors to Express's error middleware, sync or async, with req.url restored", async () => {
		const app = express();
		app.get(
			"/mounted/sync",
			toExpressHandler(() => {
				throw new Error("boom");
			})
		);
		app.use("/mounted", toExpressHandler(async () => Promise.reject(new Error("later"))));
		app.use((error: Error, req: express.Request, res: express.Response, _next: express.NextFunction) => {
			res.status(502).json({ handled: error.message, url: req.url });
		});
		const url = await listen(app);
		const sync = await fetch(`${url}/mounted/sync`);
		expect(sync.status).toBe(502);
		expect(await sync.json()).toEqual({ handled: "boom", url: "/mounted/sync" });
		const later = await fetch(`${url}/mounted/async?x=1`);
		expect(later.status).toBe(502);
		expect(await later.json()).toEqual({ handled: "later", url: "/mounted/async?x=1" });
	});

	test("answers a malformed Host header with 400", async () => {
		const app = express();
		app.use(toExpressHandler(() => new Response("unreachable")));
		const { hostname, port } = new URL(await listen(app));
		const status = await new Promise<number | undefined>((resolve, reject) => {
			httpRequest({ hostname, port, headers: { host: "bad host" } }, (res) => resolve(res.statusCode))
				.once("error", reject)
				.end();
		});
		expect(status).toBe(400);
	});
});

describe("exempt methods through Express", () => {
	test("an unauthenticated OPTIONS never reaches a protected handler: app.all with identityMiddleware, and toExpressHandler(guard)", async () => {
		const identity = await fixtureIdentity();
		const app = express();
		let reached = 0;
		app.all("/secret", identityMiddleware(identity, (h) => identity.loginRequired(h)), (_req, res) => {
			reached++;
			res.json({ secret: "s3cr3t" });
		});
		app.all("/admin-secret", identityMiddleware(identity, (h) => identity.rolesRequired(h, "admin")), (_req, res) => {
			reached++;
			res.json({ secret: "s3cr3t" });
		});
		app.all(
			"/fetch-secret",
			toExpressHandler(
				identity.loginRequired(async () => {
					reached++;
					return Response.json({ secret: "s3cr3t" });
				})
			)
		);
		const base = await listen(app);
		for (const path of ["/secret", "/admin-secret", "/fetch-secret"]) {
			const response = await fetch(`${base}${path}`, { method: "OPTIONS" });
			expect(response.status, path).toBe(204);
			expect(await response.text(), path).toBe("");
		}
		expect(reached).toBe(0);
		expect((await fetch(`${base}/secret`, { headers: { accept: "application/json" } })).status).toBe(401);
	});
});

