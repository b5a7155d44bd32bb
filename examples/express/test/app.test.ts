import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFixtureClient, describeHandlers, fixtureUsers } from "@identity/testing";
import { createExampleApp } from "../src/app.js";
import { exampleUsers } from "../src/users.js";
import { testReadmeRun } from "../../test-support/readme-users.js";
import { runPackageScript, type StartedExample } from "../../test-support/run-example.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

async function start() {
	const example = await createExampleApp({ secret: "express-suite-signing-key-0123456789abcdefghij" });
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

/** The package's `start` script, run as `pnpm start` runs it: in the example, with the workspace's bins on PATH. */
const startScript = (env: Record<string, string>) => runPackageScript(root, "start", env);

describe("examples/express as its README runs it (the start script, no IDENTITY_SECRET)", { timeout: 60_000 }, () => {
	let example: StartedExample;
	let directory: string;
	beforeAll(async () => {
		directory = mkdtempSync(join(tmpdir(), "identity-express-"));
		example = await startScript({ PORT: "0", DATABASE: join(directory, "example.db") });
	});
	afterAll(async () => {
		await example?.stop();
		rmSync(directory, { recursive: true, force: true });
	});

	testReadmeRun(() => example, readme, exampleUsers);
});

test("examples/express refuses to start without IDENTITY_SECRET under NODE_ENV=production", { timeout: 60_000 }, async () => {
	await expect(startScript({ PORT: "0", DATABASE: ":memory:", NODE_ENV: "production" })).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
