import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const skip = process.env.SKIP_PACKED_INSTALL === "1";
if (skip && process.env.CI === "true") throw new Error("SKIP_PACKED_INSTALL=1 is not allowed under CI=true: the packed install must run in CI");
if (skip) console.warn("[packed] SKIP_PACKED_INSTALL=1: skipping the packed-install test (pnpm pack, npm install in a new project, tsc, run)");

/** Runs scripts/packed-install.mjs, echoing its progress lines, and resolves to its exit code and output. */
function packedInstall(): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve, reject) => {
		// It builds only when a package's dist is missing or older than its src: after `pnpm build`
		// (the root test script) it never rebuilds under the other projects' feet.
		const child = spawn(process.execPath, ["scripts/packed-install.mjs"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		const onData = (chunk: string) => {
			output += chunk;
			process.stderr.write(chunk);
		};
		child.stdout.setEncoding("utf8").on("data", onData);
		child.stderr.setEncoding("utf8").on("data", onData);
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, output }));
	});
}

test.skipIf(skip)(
	"the packed tarballs install into a new npm project, type-check (NodeNext and Bundler), and the Quickstart runs",
	async () => {
		const { code, output } = await packedInstall();
		expect(code, output).toBe(0);
		expect(output).toMatch(/ok: \d+ packages installed from tarballs, type-checked \(NodeNext, Bundler\) and run/);
	},
	20 * 60_000
);
