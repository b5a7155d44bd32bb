import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";

const root = fileURLToPath(new URL("..", import.meta.url));
const deno = fileURLToPath(new URL("../node_modules/.bin/deno", import.meta.url));

describeHandlers("examples/deno (Deno.serve, node:sqlite through Kysely)", {
	start() {
		// Deno loads the published entry points (dist) through node_modules: `pnpm build` runs first in `pnpm test`.
		for (const pkg of ["core", "kysely", "testing"]) {
			if (!existsSync(new URL(`../../../packages/${pkg}/dist`, import.meta.url))) {
				throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first`);
			}
		}
		return spawnTarget(deno, ["run", "--allow-net", "--allow-read", "--allow-write", "--allow-env", "src/server.ts"], {
			cwd: root,
			env: { PORT: "0", DATABASE: ":memory:", DENO_NO_UPDATE_CHECK: "1" }
		});
	},
	recordsClientAddress: true
});
