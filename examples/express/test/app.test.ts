import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFixtureClient, describeHandlers, fixtureUsers } from "@identity/testing";
import { createExampleApp } from "../src/app.js";
import { exampleUsers } from "../src/users.js";
import { logIn, readmeUsers, runExample, type StartedExample } from "./run-example.js";

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
function startScript(env: Record<string, string>): Promise<StartedExample> {
	const script = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
	const bins = [join(root, "node_modules", ".bin"), join(root, "..", "..", "node_modules", ".bin")];
	return runExample("sh", ["-c", script], root, { PATH: [...bins, process.env.PATH].join(delimiter), ...env });
}

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

	test("says it signs with a random secret for this run, and never prints it", () => {
		expect(example.output()).toContain("IDENTITY_SECRET is not set: signing with a random secret made for this run");
		expect(example.output()).not.toMatch(/[0-9a-f]{32}/);
	});

	test("the README lists every user the example creates", () => {
		expect(readmeUsers(readme)).toEqual(exampleUsers.map(({ username, password, roles, active }) => ({ username, password, roles, active })));
	});

	test("each active README user logs in with its README password and gets its roles; the deactivated one is refused", async () => {
		for (const user of readmeUsers(readme)) {
			const result = await logIn(example.url, user.username, user.password);
			if (user.active) expect(result, user.username).toEqual({ status: 200, me: expect.objectContaining({ username: user.username, roles: user.roles }) });
			else expect(result, user.username).toEqual({ status: 403, error: "account_disabled" });
		}
		expect((await logIn(example.url, "admin", "not-the-password")).status).toBe(401);
	});
});

test("examples/express refuses to start without IDENTITY_SECRET under NODE_ENV=production", { timeout: 60_000 }, async () => {
	await expect(startScript({ PORT: "0", DATABASE: ":memory:", NODE_ENV: "production" })).rejects.toThrow(/IDENTITY_SECRET is not set: give it 32\+ random bytes/);
});
