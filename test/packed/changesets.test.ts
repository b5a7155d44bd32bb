import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Manifest {
	name: string;
	version: string;
	private?: boolean;
}

/** Every workspace package (the folders pnpm-workspace.yaml lists, `dir/*` or `dir`) with its manifest. */
function workspacePackages(): { dir: string; manifest: Manifest }[] {
	const globs = [...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8").matchAll(/^packages:\n((?:\s+- .+\n)+)/gm)]
		.flatMap((m) => m[1]!.split("\n"))
		.map((line) => line.replace(/^\s+- /, "").trim())
		.filter(Boolean);
	expect(globs.length).toBeGreaterThan(0);
	const dirs = globs.flatMap((glob) =>
		glob.endsWith("/*") ? readdirSync(join(root, glob.slice(0, -2))).map((name) => join(root, glob.slice(0, -2), name)) : [join(root, glob)]
	);
	return dirs
		.filter((dir) => existsSync(join(dir, "package.json")))
		.map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest }));
}

const config = JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8")) as { access: string; ignore: string[]; fixed: unknown[]; linked: unknown[] };
const ignored = (name: string) => config.ignore.some((pattern) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`).test(name));

test("changesets: independent versions, public access, exactly the private packages ignored", () => {
	expect(config).toMatchObject({ access: "public", fixed: [], linked: [] });
	for (const { manifest } of workspacePackages()) expect([manifest.name, ignored(manifest.name)]).toEqual([manifest.name, manifest.private === true]);
});

test("every published package has a CHANGELOG.md with an entry for its version", () => {
	for (const { dir, manifest } of workspacePackages().filter(({ manifest }) => !manifest.private)) {
		const changelog = readFileSync(join(dir, "CHANGELOG.md"), "utf8");
		expect(changelog.startsWith(`# ${manifest.name}\n`), manifest.name).toBe(true);
		expect(changelog, manifest.name).toContain(`\n## ${manifest.version}\n`);
	}
});

test("npx changeset status runs, and its plan releases published packages only", () => {
	const out = mkdtempSync(join(tmpdir(), "identity-changeset-status-"));
	try {
		// Against main when the clone has it (as CI's has); else only the changesets themselves are read.
		const hasMain = spawnSync("git", ["rev-parse", "--verify", "--quiet", "main"], { cwd: root }).status === 0;
		const args = ["changeset", "status", `--output=${join(out, "status.json")}`, ...(hasMain ? [] : ["--since=HEAD"])];
		const status = spawnSync("npx", args, { cwd: root, encoding: "utf8", timeout: 120_000 });
		expect(status.status, `${status.stdout}\n${status.stderr}`).toBe(0);
		const plan = JSON.parse(readFileSync(join(out, "status.json"), "utf8")) as { releases: { name: string; type: string }[] };
		const published = new Set(workspacePackages().filter(({ manifest }) => !manifest.private).map(({ manifest }) => manifest.name));
		// "none" is a dependent that keeps its version (a private package that depends on a bumped one).
		const bumped = plan.releases.filter((release) => release.type !== "none");
		for (const release of bumped) expect(published.has(release.name), release.name).toBe(true);
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
});
