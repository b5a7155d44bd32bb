import { serve } from "@identity/node";
import { createDemoApp } from "./app.js";
import { describeDemoUsers } from "./seed.js";
import { loadSecret, openDemo } from "./setup.js";

const databasePath = process.env.IDENTITY_DEMO_DB ?? "./identity-demo.db";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "localhost";

const secretPath = `${databasePath}.secret`;
const { identity, mailer, seeded } = await openDemo({
	databasePath,
	secret: loadSecret(secretPath),
	origin: `http://${hostname}:${port}`
});
const server = await serve(createDemoApp(identity, { mailer }), { port, hostname });

console.log(`identity demo: ${server.url}  (database: ${databasePath})`);
// Where the signing secret came from, never the secret itself.
console.log(
	process.env.IDENTITY_SECRET
		? "Signing secret: IDENTITY_SECRET."
		: `Signing secret: a random one for development, kept in ${secretPath} (set IDENTITY_SECRET to use your own).`
);
if (seeded) {
	console.log("\nFirst start: created these demo users (change or delete them before any real use):\n");
	console.log(describeDemoUsers());
	console.log("");
} else {
	console.log(`Demo users already exist (see examples/demo/src/seed.js for their passwords).`);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
	process.once(signal, () => {
		server.close().finally(() => process.exit(0));
	});
}
