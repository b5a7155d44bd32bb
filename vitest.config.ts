import { defineConfig } from "vitest/config";
import projects from "./vitest.workspace.js";

export default defineConfig({
	resolve: { conditions: ["@identity/source"] },
	ssr: { resolve: { conditions: ["@identity/source"] } },
	test: {
		projects,
		testTimeout: 20_000,
		hookTimeout: 120_000,
		include: ["**/*.test.ts"],
		exclude: ["**/node_modules/**", "**/dist/**", "**/.next/**"],
		benchmark: { include: ["**/*.bench.ts"] },
		typecheck: { enabled: true, include: ["**/*.test-d.ts"] }
	}
});
