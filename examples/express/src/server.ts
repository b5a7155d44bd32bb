import { createServer } from "node:http";
import { createExampleApp } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
const { app } = await createExampleApp({ database: process.env.DATABASE ?? "identity-example.db", secret: process.env.IDENTITY_SECRET });
createServer(app).listen(port, "127.0.0.1", () => {
	console.log(`Express example on http://127.0.0.1:${port} (try /identity/login as admin / admin-password-1)`);
});
