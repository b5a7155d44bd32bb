import { createServer } from "node:http";
import { createExampleApp } from "./app.js";
import { exampleSecret } from "./secret.js";
import { exampleUsers } from "./users.js";

const port = Number(process.env.PORT ?? 3000);
const secret = exampleSecret(process.env);
const { app } = await createExampleApp({ database: process.env.DATABASE ?? "identity-example.db", secret });
const server = createServer(app).listen(port, "127.0.0.1", () => {
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`;
	console.log(`Express example listening on ${url}`);
	console.log(`Sign in at ${url}/identity/login as ${exampleUsers[0]!.username} / ${exampleUsers[0]!.password} (every user: README.md)`);
});
