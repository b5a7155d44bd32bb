// The files of the brand-new project that scripts/packed-install.mjs creates outside the repo: the
// README Quickstart served with @identity/node, the Express Quickstart, a module importing every
// published entry a Node program can load, and the two tsconfigs a user is likely to have.

/** The README Quickstart, verbatim, then served with `serve` from @identity/node. */
const server = `import { createIdentity } from "@identity/core";
import { createSqliteStore } from "@identity/kysely/sqlite";
import { serve } from "@identity/node";

const identity = createIdentity({
  store: await createSqliteStore("identity.db"),     // migrated on open
  secret: process.env.IDENTITY_SECRET!,             // >= 32 bytes; an array rotates
});
const { loginRequired, rolesRequired, currentUser, handle } = identity;

const admin = rolesRequired((request) => new Response(\`Hi \${currentUser(request).username}\`), "admin");
const me = loginRequired((request) => Response.json(identity.getSecurityPayload(currentUser(request))));

const app = {
  fetch: (request: Request) => new URL(request.url).pathname.startsWith("/identity/") ? handle(request)
    : new URL(request.url).pathname === "/admin" ? admin(request) : me(request),
};

const running = await serve(app.fetch, { port: Number(process.env.PORT ?? 3000) });
console.log(\`listening on \${running.url}\`);
process.once("SIGTERM", () => void running.close().then(() => process.exit(0)));
`;

/** The @identity/express README Quickstart, listening on PORT. */
const expressServer = `import type { AddressInfo } from "node:net";
import express from "express";
import { createIdentity } from "@identity/core";
import { createSqliteStore } from "@identity/kysely/sqlite";
import { clientAddressOf } from "@identity/node";
import { identityMiddleware, toExpressHandler } from "@identity/express";

const identity = createIdentity({ store: await createSqliteStore("identity.db"), secret: process.env.IDENTITY_SECRET!, getClientAddress: clientAddressOf });
const app = express();
app.use(express.json());
app.use("/identity", toExpressHandler(identity.handle));
app.get("/admin", identityMiddleware(identity, { require: { roles: ["admin"] } }), (req, res) => {
  res.send(\`Hi \${String(req.user?.username)}\`);
});
const listener = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  console.log(\`listening on http://127.0.0.1:\${(listener.address() as AddressInfo).port}\`);
});
process.once("SIGTERM", () => listener.close(() => process.exit(0)));
`;

/**
 * Every published entry: imported (types and runtime) where Node can load it, type-only for
 * @identity/next (its runtime is Next's), resolved only for @identity/bun (it imports bun:sqlite).
 */
const entries = `import * as core from "@identity/core";
import * as kysely from "@identity/kysely";
import * as sqlite from "@identity/kysely/sqlite";
import * as node from "@identity/node";
import * as expressAdapter from "@identity/express";
import * as cli from "@identity/cli";
import type * as next from "@identity/next";

const nextExports: (keyof typeof next)[] = ["toNextHandlers", "createNextIdentity"];
const loaded = { core, kysely, sqlite, node, expressAdapter, cli };
const counts = Object.fromEntries(Object.entries(loaded).map(([name, entry]) => [name, Object.keys(entry).length]));
const resolved = ["@identity/next", "@identity/bun", "@identity/cli/package.json"].map((specifier) => import.meta.resolve(specifier));
console.log(JSON.stringify({ counts, nextExports, resolved }));
`;

const base = { target: "ES2022", strict: true, skipLibCheck: false, noEmitOnError: true, types: ["node"], rootDir: "src" };

/** tsconfig files by name: NodeNext (compiled to dist/ and run) and Bundler (type-checked only). */
const tsconfigs = {
	"tsconfig.nodenext.json": { compilerOptions: { ...base, module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], outDir: "dist" }, include: ["src"] },
	"tsconfig.bundler.json": { compilerOptions: { ...base, module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM", "DOM.Iterable"], noEmit: true }, include: ["src"] }
};

/** Every file to write, path relative to the project. */
export const projectFiles = {
	"src/server.ts": server,
	"src/express-server.ts": expressServer,
	"src/entries.ts": entries,
	...Object.fromEntries(Object.entries(tsconfigs).map(([name, config]) => [name, `${JSON.stringify(config, null, 2)}\n`]))
};
