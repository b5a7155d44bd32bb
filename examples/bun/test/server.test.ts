import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describeHandlers, spawnTarget } from "@identity/testing";

const root = fileURLToPath(new URL("..", import.meta.url));
const bun = fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));

describeHandlers("examples/bun (Bun.serve, bun:sqlite, Bun.password)", {
	start() {
		// The example imports the published entry points (dist): `pnpm build` runs first in `pnpm test`.
		if (!existsSync(new URL("../../../packages/bun/dist/index.js", import.meta.url))) {
			throw new Error("packages/bun/dist is missing: run `pnpm build` first");
		}
		return spawnTarget(bun, ["run", "src/server.ts"], { cwd: root, env: { PORT: "0", DATABASE: ":memory:" } });
	},
	recordsClientAddress: true
});
