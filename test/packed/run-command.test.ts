import { expect, test } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { runCommand } from "../../scripts/packed-install/run-command.mjs";

const run = runCommand as (command: string, args: readonly string[], options?: { input?: string }) => Promise<{ stdout: string; stderr: string }>;
const node = process.execPath;

// A child that exits (or closes its stdin) before reading what it is given broke the pipe under
// the write: the EPIPE was an unhandled 'error' event that crashed the packed-install script in CI.
test("a command that exits without reading its input is judged by its exit code, not by the broken pipe", async () => {
	const input = "x".repeat(8 * 1024 * 1024);
	for (let attempt = 0; attempt < 5; attempt++) {
		await expect(run(node, ["-e", "process.stdin.destroy(); process.exit(0)"], { input })).resolves.toMatchObject({ stdout: "" });
		await expect(run(node, ["-e", "process.exit(3)"], { input })).rejects.toThrow(/exited 3/);
	}
	// Without input too (the packing step's pnpm, which never reads its stdin).
	await expect(run(node, ["-e", "process.exit(0)"])).resolves.toMatchObject({ stdout: "" });
});

test("a command that reads its input gets all of it", async () => {
	const input = "line\n".repeat(100_000);
	const { stdout } = await run(node, ["-e", "let n = 0; process.stdin.on('data', (c) => (n += c.length)).on('end', () => console.log(n))"], { input });
	expect(Number(stdout.trim())).toBe(input.length);
});
