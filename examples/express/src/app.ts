import express, { type Express } from "express";
import { createIdentity, type Identity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { clientAddressOf } from "@identity/node";
import { identityMiddleware, toExpressHandler } from "@identity/express";
import { createApp } from "./routes.js";
import { seedExampleUsers } from "./users.js";

/** The example app, its identity, and a way to close its database. */
export interface ExampleApp {
	app: Express;
	identity: Identity;
	close(): Promise<void>;
}

/**
 * An Express 5 app on the SQLite store: body parsers first (the adapter copes), the identity routes
 * under /identity, an Express-native route behind `identityMiddleware`, and one page per guard
 * (`createApp` of `./routes.ts`) mounted with `toExpressHandler`. Creates the example users.
 */
export async function createExampleApp(options: { database?: string; secret: string }): Promise<ExampleApp> {
	const db = await createSqliteDatabase(options.database ?? ":memory:");
	const identity = createIdentity({
		store: createKyselyStore(db),
		secret: options.secret,
		getClientAddress: clientAddressOf
	});
	await seedExampleUsers(identity);

	const app = express();
	app.use(express.json(), express.urlencoded({ extended: true }));
	app.use("/identity", toExpressHandler(identity.handle));
	app.get("/express/profile", identityMiddleware(identity, { require: "login" }), (req, res) => {
		res.json({ username: req.user?.username, roles: req.user?.roles });
	});
	app.use(toExpressHandler(createApp(identity)));
	return { app, identity, close: () => db.destroy() };
}
