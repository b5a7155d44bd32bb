import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { createFixtureClient, describeHandlers, fixtureUsers } from "@identity/testing";
import { createExampleApp } from "../src/app.js";

async function start() {
	const example = await createExampleApp();
	const server = createServer(example.app);
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	return {
		example,
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await example.close();
		}
	};
}

describeHandlers("examples/express (SQLite store)", { start, recordsClientAddress: true });

test("examples/express: identityMiddleware sets req.user and records the client address", async () => {
	const running = await start();
	try {
		const client = createFixtureClient(running.url);
		expect((await client.fetch("/express/profile")).status).toBe(401);
		expect((await client.login(fixtureUsers.admin.username, fixtureUsers.admin.password)).status).toBe(200);
		expect(await (await client.fetch("/express/profile")).json()).toEqual({ username: "admin", roles: ["admin"] });
		const admin = await running.example.identity.store.findUser(fixtureUsers.admin.username);
		expect(admin?.currentLoginAddress).toBe("127.0.0.1");
	} finally {
		await running.close();
	}
});
