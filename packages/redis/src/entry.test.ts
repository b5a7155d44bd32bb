import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect, test } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));

test("the entry imports neither ioredis nor redis at run time (only their shapes, as types)", async () => {
	// Bundle the entry with nothing external but Node's built-ins: every module it would load shows
	// up in the metafile's inputs.
	const { metafile } = await build({
		entryPoints: [join(here, "index.ts")],
		bundle: true,
		write: false,
		platform: "node",
		format: "esm",
		conditions: ["@identity/source"],
		metafile: true,
		logLevel: "silent"
	});
	const inputs = Object.keys(metafile.inputs);
	expect(inputs.some((path) => path.endsWith("src/coordinator.ts"))).toBe(true);
	expect(inputs.some((path) => path.includes("core/src/errors.ts"))).toBe(true);
	expect(inputs.filter((path) => /ioredis|[\\/]redis(-\d)?[\\/]|@redis/.test(path.replace(/packages[\\/]redis[\\/]src/, "")))).toEqual([]);
	// Its only imports outside the bundle: node:crypto (the scripts' SHA-1).
	const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
	expect([...new Set(imports)]).toEqual(["node:crypto"]);
});
