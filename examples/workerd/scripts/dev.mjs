// Runs the worker locally in the real workerd runtime through Miniflare (what `wrangler dev` does):
// `node scripts/dev.mjs`, or from the repository root
// `npx -y pnpm@10.34.8 --filter @identity/example-workerd dev`. It bundles src/worker.ts from the
// workspace sources, keeps D1 in `.wrangler/state/d1` (D1_PERSIST picks another folder) and creates
// the example users. PORT (8787) and HOST (127.0.0.1) pick the address.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { buildWorker } from "./build.mjs";

/**
 * IDENTITY_SECRET when set; else a random secret made for this run, with a note (never the
 * secret itself). Under NODE_ENV=production a missing secret is an error.
 */
function devSecret(env) {
	if (env.IDENTITY_SECRET) return env.IDENTITY_SECRET;
	if (env.NODE_ENV === "production") {
		throw new Error("IDENTITY_SECRET is not set: give it 32+ random bytes (openssl rand -base64 48) before starting in production");
	}
	console.warn(
		"IDENTITY_SECRET is not set: signing with a random secret made for this run (development only; " +
			"sign-ins end when the server stops). To keep them, set IDENTITY_SECRET (openssl rand -base64 48)."
	);
	return randomBytes(32).toString("hex");
}

const secret = devSecret(process.env);
const scriptPath = await buildWorker({ outfile: "dist/worker-dev.js" });
const miniflare = new Miniflare({
	modules: true,
	scriptPath,
	compatibilityDate: readFileSync(new URL("../wrangler.toml", import.meta.url), "utf8").match(/^compatibility_date = "(.+)"$/m)[1],
	d1Databases: { DB: "identity" },
	d1Persist: process.env.D1_PERSIST ?? new URL("../.wrangler/state/d1", import.meta.url).pathname,
	bindings: { IDENTITY_SECRET: secret, SEED: "example" },
	host: process.env.HOST ?? "127.0.0.1",
	port: Number(process.env.PORT ?? 8787)
});
const url = (await miniflare.ready).href.replace(/\/$/, "");
console.log(`workerd example listening on ${url}`);
console.log(`Sign in at ${url}/identity/login as admin / admin-password-1 (every user: README.md)`);

for (const signal of ["SIGINT", "SIGTERM"]) {
	process.once(signal, () => {
		miniflare.dispose().finally(() => process.exit(0));
	});
}
