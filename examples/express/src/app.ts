import express, { type Express } from "express";
import { createIdentity, type Identity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { clientAddressOf } from "@identity/node";
import { identityMiddleware, toExpressHandler } from "@identity/express";
import { createFixtureApp, FIXTURE_SECRET, seedFixtureUsers } from "@identity/testing/fixture";

/** The example app, its identity, and a way to close its database. */
export interface ExampleApp {
	app: Express;
	identity: Identity;
	close(): Promise<void>;
}

/**
 * An Express 5 app on the SQLite store: body parsers first (the adapter copes), the identity routes
 * under /identity, an Express-native route behind `identityMiddleware`, and the shared fixture app
 * (one route per guard) mounted with `toExpressHandler`.
 */
export async function createExampleApp(options: { database?: string; secret?: string } = {}): Promise<ExampleApp> {
	const db = await createSqliteDatabase(options.database ?? ":memory:");
	const identity = createIdentity({
		store: createKyselyStore(db),
		secret: options.secret ?? FIXTURE_SECRET,
		getClientAddress: clientAddressOf
	});
	await seedFixtureUsers(identity.store, identity.hashPassword);

	const app = express();
	app.use(express.json(), express.urlencoded({ extended: true }));
	app.use("/identity", toExpressHandler(identity.handle));
	app.get("/express/profile", identityMiddleware(identity, { require: "login" }), (req, res) => {
		res.json({ username: req.user?.username, roles: req.user?.roles });
	});
	app.use(toExpressHandler(createFixtureApp(identity)));
	return { app, identity, close: () => db.destroy() };
}
