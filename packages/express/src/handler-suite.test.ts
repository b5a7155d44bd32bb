import express, { type Express } from "express";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createIdentity, type Identity } from "@identity/core";
import { createFixtureApp, createMemoryStore, describeHandlers, FIXTURE_SECRET, seedFixtureUsers } from "@identity/testing";
import { clientAddressOf } from "@identity/node";
import { identityMiddleware, toExpressHandler } from "./index.js";

async function fixtureIdentity(): Promise<Identity> {
	const identity = createIdentity({ store: createMemoryStore(), secret: FIXTURE_SECRET, getClientAddress: clientAddressOf });
	await seedFixtureUsers(identity.store, identity.hashPassword);
	return identity;
}

async function listen(app: Express) {
	const server = createServer(app);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
	};
}

describeHandlers("express: toExpressHandler, no body parsers", {
	async start() {
		const identity = await fixtureIdentity();
		const app = express();
		app.use("/identity", toExpressHandler(identity.handle));
		app.use(toExpressHandler(createFixtureApp(identity)));
		return listen(app);
	},
	recordsClientAddress: true
});

describeHandlers("express: toExpressHandler after express.json and express.urlencoded", {
	async start() {
		const identity = await fixtureIdentity();
		const app = express();
		app.use(express.json(), express.urlencoded({ extended: true }));
		app.use("/identity", toExpressHandler(identity.handle));
		app.use(toExpressHandler(createFixtureApp(identity)));
		return listen(app);
	},
	recordsClientAddress: true
});

describeHandlers("express: identityMiddleware on Express routes", {
	async start() {
		const identity = await fixtureIdentity();
		const app = express();
		const me = (req: express.Request, res: express.Response) => {
			const user = req.user;
			res.json({ username: user?.username ?? null, roles: user?.roles, isAuthenticated: user?.isAuthenticated, loginAddress: user?.currentLoginAddress ?? null });
		};
		app.use("/identity", toExpressHandler(identity.handle));
		app.get("/", identityMiddleware(identity), (req, res) => {
			res.json({ page: "home", username: req.user?.isAuthenticated ? req.user.username : null });
		});
		app.get("/me", identityMiddleware(identity, identity.loginRequired), me);
		app.get("/admin", identityMiddleware(identity, (h) => identity.rolesRequired(h, "admin")), (_req, res) => void res.json({ page: "admin" }));
		app.get("/editor", identityMiddleware(identity, (h) => identity.rolesAccepted(h, "editor", "writer")), (_req, res) => {
			res.json({ page: "editor" });
		});
		app.get("/api/data", identityMiddleware(identity, (h) => identity.authRequired(h, "token")), (_req, res) => void res.json({ data: [1, 2, 3] }));
		app.get("/fresh", identityMiddleware(identity, identity.freshLoginRequired), (_req, res) => void res.json({ page: "fresh" }));
		app.post("/api/echo", identityMiddleware(identity, identity.loginRequired), express.text({ type: () => true }), (req, res) => {
			res.json({ username: req.user?.username, contentType: req.get("content-type") ?? null, body: req.body });
		});
		app.use(toExpressHandler(createFixtureApp(identity)));
		return listen(app);
	},
	recordsClientAddress: true
});
