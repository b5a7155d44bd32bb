import { FIXTURE_SECRET, freePort, type RunningTarget } from "@identity/testing";
import { Miniflare } from "miniflare";

/** A running worker: its base URL, the Miniflare instance (for D1 access) and a way to stop it. */
export interface RunningWorker extends RunningTarget {
	miniflare: Miniflare;
}

/**
 * Runs a bundled worker in the real workerd runtime through Miniflare: a fresh in-memory D1
 * database `DB`, the fixture secret, the example users, no `nodejs_compat` (so any `node:`
 * import would fail to load), listening on a free port.
 */
export async function startWorker(scriptPath: string): Promise<RunningWorker> {
	const miniflare = new Miniflare({
		modules: true,
		scriptPath,
		compatibilityDate: "2025-09-01",
		d1Databases: { DB: "identity-example" },
		bindings: { IDENTITY_SECRET: FIXTURE_SECRET, SEED: "example" },
		host: "127.0.0.1",
		port: await freePort()
	});
	const url = (await miniflare.ready).href.replace(/\/$/, "");
	return { url, miniflare, close: () => miniflare.dispose() };
}
