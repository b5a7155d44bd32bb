// `pnpm start` (scripts/start-demo.mjs) as a person runs it: after a build, it builds nothing more,
// starts the demo on the port asked for, and serves the login page.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const built = ["core", "kysely", "node"].every((name) => existsSync(join(root, "packages", name, "dist", "index.js")));
if (!built) console.warn("\n*** SKIPPED: the pnpm start test runs after a build (npx -y pnpm@10.34.8 build) ***\n");

test.skipIf(!built)("pnpm start, with the packages built, rebuilds nothing and serves the demo", { timeout: 90_000 }, async () => {
	const directory = mkdtempSync(join(tmpdir(), "identity-start-"));
	const child = spawn(process.execPath, [join(root, "scripts", "start-demo.mjs")], {
		cwd: root,
		env: { ...process.env, PORT: "0", IDENTITY_DEMO_DB: join(directory, "demo.db"), IDENTITY_SECRET: "start-test-secret-0123456789-abcdefghijklmn" },
		stdio: ["ignore", "pipe", "pipe"]
	});
	let output = "";
	try {
		const url = await new Promise<string>((done, fail) => {
			const timer = setTimeout(() => fail(new Error(`no "identity demo: <url>" line in 60 s:\n${output}`)), 60_000);
			const read = (chunk: Buffer) => {
				output += chunk.toString();
				const match = /identity demo: (http:\/\/\S+)/.exec(output);
				if (match) {
					clearTimeout(timer);
					done(match[1]!);
				}
			};
			child.stdout.on("data", read);
			child.stderr.on("data", read);
			child.on("exit", (code) => fail(new Error(`start exited ${code}:\n${output}`)));
		});
		expect(output).toMatch(/\[start\] packages ready in \d+ ms; starting the demo/);
		expect(output).not.toContain("[start] built");
		const login = await fetch(`${url}/identity/login`, { headers: { accept: "text/html" } });
		expect(login.status).toBe(200);
		expect(await login.text()).toContain("Sign in");
		// The demo prints its users after the URL line: on a first start, every one of them.
		for (let i = 0; i < 50 && !output.includes("INACTIVE"); i++) await new Promise((r) => setTimeout(r, 100));
		expect(output).toContain("First start: created these demo users");
		expect(output).toMatch(/admin\s+admin-demo\s+admin\s+active/);
		expect(output).toContain("Signing secret: IDENTITY_SECRET.");
		expect(output).not.toContain("start-test-secret");
	} finally {
		child.kill("SIGTERM");
		await new Promise((done) => (child.exitCode !== null ? done(null) : child.once("exit", done)));
		rmSync(directory, { recursive: true, force: true });
	}
});
