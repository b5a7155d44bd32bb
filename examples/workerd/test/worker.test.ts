import { describeHandlers, fixtureUsers } from "@identity/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildWorker } from "../scripts/build.mjs";
import { type RunningWorker, startWorker } from "./start-worker.js";

// The worker bundled from the workspace sources, once for this file.
const script: Promise<string> = buildWorker({ outfile: "dist/worker.js" });

describeHandlers("workerd (miniflare, D1)", { start: async () => startWorker(await script) });

describe("examples/workerd in workerd", () => {
	let worker: RunningWorker;
	beforeAll(async () => {
		worker = await startWorker(await script);
	});
	afterAll(() => worker?.close());

	test("core picks PBKDF2-SHA256 at workerd's 100,000-iteration cap (WASM compilation is barred)", async () => {
		// The first request migrates D1 and seeds the fixture users with the default hasher.
		expect((await fetch(`${worker.url}/`)).status).toBe(200);
		const db = await worker.miniflare.getD1Database("DB");
		const row = await db.prepare("select password from identity_users where username = ?").bind("admin").first<{ password: string }>();
		expect(row?.password).toMatch(/^\$pbkdf2-sha256\$100000\$/);
	});

	test("a JSON login verifies that hash in the worker and returns a token", async () => {
		const { admin } = fixtureUsers;
		const response = await fetch(`${worker.url}/identity/login`, {
			method: "POST",
			headers: { "content-type": "application/json", accept: "application/json" },
			body: JSON.stringify({ username: admin.username, password: admin.password })
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ user: { username: "admin" }, authenticationToken: expect.any(String) });
	});
});
