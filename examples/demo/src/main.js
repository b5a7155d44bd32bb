import { serve } from "@identity/node";
import { createDemoApp } from "./app.js";
import { describeDemoUsers } from "./seed.js";
import { loadSecret, openDemo } from "./setup.js";

const databasePath = process.env.IDENTITY_DEMO_DB ?? "./identity-demo.db";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "localhost";

const { identity, mailer, seeded } = await openDemo({
	databasePath,
	secret: loadSecret(`${databasePath}.secret`),
	origin: `http://${hostname}:${port}`
});
const server = await serve(createDemoApp(identity, { mailer }), { port, hostname });

console.log(`identity demo: ${server.url}  (database: ${databasePath})`);
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
