// The docs' claims, checked against the library: the names, defaults, statuses, routes, events,
// error codes, views, limits and CLI commands that docs/*.md and packages/*/README.md state.
// Wherever possible the claim is extracted from the markdown (a table, a section, a pattern), so a
// doc that drifts from the code fails here, and so does code that drifts from its doc. Behaviour is
// checked on the built packages (packages/*/dist, what a user installs); tables that are not
// exported (the options schema, the failure table) are read from the source, their one home.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { DERIVED, REQUIRED, schema } from "../../packages/core/src/options/schema.js";
import { failures } from "../../packages/core/src/http/failures.js";
import { IDENTITY_ENDPOINTS } from "../../packages/core/src/routes/url.js";
import * as limits from "../../packages/core/src/options/limits.js";
import { CHALLENGE_LIFETIME_SECONDS } from "../../packages/core/src/factors/passkey-service.js";
import { MAX_PENDING_TRIES, PENDING_LIFETIME_SECONDS } from "../../packages/core/src/factors/two-factor-service.js";
import { MAX_CODE_TRIES } from "../../packages/core/src/flows/flow-context.js";
import { MAX_PASSWORD_BYTES } from "../../packages/core/src/password/policy.js";
import { redisCoordinatorDefaults } from "../../packages/redis/src/options.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const cli = join(root, "packages", "cli", "dist", "cli.js");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const packageNames = ["core", "kysely", "node", "express", "next", "bun", "redis", "cli", "testing"];
const built = ["core", "kysely", "node", "express", "next", "redis", "cli"].every((name) => existsSync(join(root, "packages", name, "dist", "index.js")));
if (!built) {
	if (process.env.CI === "true") throw new Error("docs/test: the packages are not built (run npx -y pnpm@10.34.8 build; the test command does)");
	console.warn("\n*** SKIPPED: the docs' claims are checked against the built packages: run npx -y pnpm@10.34.8 build ***\n");
}

// ---- Markdown -------------------------------------------------------------------------------

/** The text without fenced code blocks (their code is checked by code-blocks.test.ts). */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, "");

/** The section under the heading that starts with `heading` (any level), up to the next heading of that level or higher. */
function section(markdown: string, heading: string): string {
	const lines = prose(markdown).split("\n");
	const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, "").startsWith(heading));
	if (start === -1) throw new Error(`no section "${heading}"`);
	const level = /^#+/.exec(lines[start]!)![0].length;
	const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level);
	return lines.slice(start + 1, end === -1 ? undefined : end).join("\n");
}

/** The paragraph (blank-line separated) of `text` that contains `words`. */
function paragraph(text: string, words: string): string {
	const found = text.split(/\n\s*\n/).find((p) => p.includes(words));
	if (!found) throw new Error(`no paragraph with "${words}"`);
	return found;
}

/** The tables of `text`: header cells and rows of cells (split at `|` outside code spans). */
function tables(text: string): { header: string[]; rows: string[][] }[] {
	const result: { header: string[]; rows: string[][] }[] = [];
	const cells = (line: string) => {
		const out: string[] = [];
		let cell = "";
		let code = false;
		for (const ch of line.trim().replace(/^\||\|$/g, "")) {
			if (ch === "`") code = !code;
			if (ch === "|" && !code) {
				out.push(cell.trim());
				cell = "";
			} else cell += ch;
		}
		out.push(cell.trim());
		return out;
	};
	const lines = text.split("\n");
	for (let i = 0; i < lines.length - 1; i++) {
		if (!lines[i]!.trim().startsWith("|") || !/^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1]!)) continue;
		const table = { header: cells(lines[i]!), rows: [] as string[][] };
		for (i += 2; i < lines.length && lines[i]!.trim().startsWith("|"); i++) table.rows.push(cells(lines[i]!));
		result.push(table);
	}
	return result;
}

/** The code spans of `text`. */
const spans = (text: string) => [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

/** Splits at ` / ` outside code spans. */
function splitSlash(text: string): string[] {
	const parts: string[] = [];
	let part = "";
	let code = false;
	for (let i = 0; i < text.length; i++) {
		if (text[i] === "`") code = !code;
		if (!code && text.startsWith(" / ", i)) {
			parts.push(part.trim());
			part = "";
			i += 2;
		} else part += text[i];
	}
	parts.push(part.trim());
	return parts;
}

// ---- Defaults -------------------------------------------------------------------------------

const OFF = Symbol("off");
const NONE = Symbol("none");
const TEXT = Symbol("text");
type Claim = unknown;
const units: Record<string, number> = { s: 1, second: 1, seconds: 1, minute: 60, minutes: 60, h: 3600, hour: 3600, hours: 3600, day: 86_400, days: 86_400 };

/** A stated default: `"literal"` (JSON, else the raw text), a number with an optional unit, required, off, none, or prose (a derived default). */
function parseDefault(text: string): Claim {
	const part = text.trim();
	if (/^required\b/.test(part)) return REQUIRED;
	if (/^off\b/.test(part)) return OFF;
	if (/^none\b/.test(part)) return NONE;
	const literal = /^`([^`]+)`/.exec(part);
	if (literal) {
		try {
			return JSON.parse(literal[1]!);
		} catch {
			return literal[1];
		}
	}
	const number = /^(\d[\d,]*)(?:\s+|\s*(?=s\b))?(days?|hours?|minutes?|seconds?|h|s)?\b/.exec(part);
	if (number) return Number(number[1]!.replace(/,/g, "")) * (number[2] ? units[number[2]]! : 1);
	return TEXT;
}

/** The library's default of an option path (`session.cookieName`, `flows.recover.maxAgeSeconds`). */
function defaultOf(path: string): { found: boolean; value: unknown } {
	const [head, ...rest] = path.split(".");
	let entry = (schema as Record<string, unknown>)[head!] as { keys?: Record<string, { default: unknown }>; default?: unknown } | undefined;
	if (!entry) return { found: false, value: undefined };
	let value: unknown;
	if (entry.keys) {
		const key = rest.shift();
		if (!key || !Object.hasOwn(entry.keys, key)) return { found: false, value: undefined };
		value = entry.keys[key]!.default;
	} else value = entry.default;
	for (const key of rest) {
		if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return { found: false, value: undefined };
		value = (value as Record<string, unknown>)[key];
	}
	return { found: true, value: value instanceof Set ? [...value] : value };
}

/** Why a stated default differs from the library's, or null when it matches. */
function compareDefault(path: string, claim: Claim): string | null {
	const { found, value } = defaultOf(path);
	if (!found) return `${path}: no such option`;
	if (value === DERIVED) return null; // computed from other options: the prose says how
	if (claim === TEXT) return `${path}: the doc gives no value, the default is ${JSON.stringify(value)}`;
	if (claim === REQUIRED) return value === REQUIRED ? null : `${path}: documented as required, has a default`;
	if (value === REQUIRED) return `${path}: required, documented with a default`;
	if (claim === OFF) return value === false || value === null || (typeof value === "object" && (value as { enabled?: unknown }).enabled === false) ? null : `${path}: documented off, default ${JSON.stringify(value)}`;
	if (claim === NONE) return value === null || (Array.isArray(value) && value.length === 0) ? null : `${path}: documented none, default ${JSON.stringify(value)}`;
	return JSON.stringify(value) === JSON.stringify(claim) ? null : `${path}: documented ${JSON.stringify(claim)}, default ${JSON.stringify(value)}`;
}

/** Rows `| option(s) | default(s) | ... |` → [path, claim] pairs; `a.b` / `c` means `a.b` and `a.c`. */
function defaultsTable(rows: string[][], prefix = ""): [string, Claim][] {
	const pairs: [string, Claim][] = [];
	for (const [names, defaults] of rows) {
		const paths = splitSlash(names!).map((n) => n.replace(/`/g, ""));
		const group = paths[0]!.includes(".") ? paths[0]!.slice(0, paths[0]!.lastIndexOf(".") + 1) : "";
		const full = paths.map((p, i) => prefix + (i === 0 || p.includes(".") ? p : group + p));
		const claims = splitSlash(defaults!).map(parseDefault);
		if (claims.length !== 1 && claims.length !== full.length) throw new Error(`"${names}": ${full.length} options, ${claims.length} defaults`);
		full.forEach((path, i) => pairs.push([path, claims[claims.length === 1 ? 0 : i]]));
	}
	return pairs;
}

const coreReadme = read("packages/core/README.md");
const coreDefaults = defaultsTable(tables(section(coreReadme, "Defaults"))[0]!.rows);
const docFiles = [...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`), ...packageNames.map((p) => `packages/${p}/README.md`)];

describe("defaults", () => {
	test("the core README's Defaults table names every option, each with the library's default", () => {
		const leaves = Object.entries(schema).flatMap(([key, entry]) => ("keys" in entry ? Object.keys(entry.keys).map((k) => `${key}.${k}`) : [key]));
		const documented = new Set(coreDefaults.map(([path]) => path));
		expect(leaves.filter((leaf) => !documented.has(leaf)), "options missing from the table").toEqual([]);
		const wrong = coreDefaults.map(([path, claim]) => compareDefault(path, claim)).filter(Boolean);
		expect(wrong, wrong.join("\n")).toEqual([]);
	});

	test("routes.md's rate-limit table states the library's defaults", () => {
		const table = tables(section(read("docs/routes.md"), "Rate limiting"))[0]!;
		const pairs = defaultsTable(table.rows, "rateLimit.");
		expect(pairs.length).toBeGreaterThanOrEqual(5);
		const wrong = pairs.map(([path, claim]) => compareDefault(path, claim)).filter(Boolean);
		expect(wrong, wrong.join("\n")).toEqual([]);
	});

	test('every "`option` (default X)" or "`option`, default X" in the docs states the library\'s default', () => {
		const found: string[] = [];
		const wrong: string[] = [];
		for (const file of docFiles) {
			for (const m of prose(read(file)).matchAll(/`([a-z][\w]*(?:\.[a-z]\w*)*)`(?: \(|, )default:? ([^;),]+)/gi)) {
				const path = m[1]!;
				if (!defaultOf(path).found) continue; // an option of another function (the store's, the CLI's)
				found.push(path);
				const problem = compareDefault(path, parseDefault(m[2]!));
				if (problem) wrong.push(`${file}: ${problem}`);
			}
		}
		expect(found.length).toBeGreaterThanOrEqual(5);
		expect(wrong, wrong.join("\n")).toEqual([]);
	});

	test("the account flows' link lifetimes are the library's", () => {
		const sentence = /\(confirm [^)]*by default\)/.exec(read("docs/account-flows.md"))?.[0];
		expect(sentence).toBeTruthy();
		const named = [...sentence!.matchAll(/([a-z-]+) (\d+) h\b/g)];
		expect(named.length).toBeGreaterThanOrEqual(3);
		for (const [, flow, hours] of named) {
			const key = flow!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
			expect(compareDefault(`flows.${key}.maxAgeSeconds`, Number(hours) * 3600), flow).toBeNull();
		}
	});

	test("the Redis coordinator's options table states its defaults", () => {
		const table = tables(section(read("packages/redis/README.md"), "API"))[0]!;
		for (const [name, value] of table.rows) {
			const key = name!.replace(/`/g, "");
			if (key in redisCoordinatorDefaults) expect(parseDefault(value!), key).toEqual(redisCoordinatorDefaults[key as keyof typeof redisCoordinatorDefaults]);
			else expect(key, "an option without a default must say what happens").toBe("onError");
		}
	});

	test("the fixed limits the docs state are the library's", () => {
		const routes = read("docs/routes.md");
		const flows = read("docs/account-flows.md");
		const factors = read("docs/two-factor-and-passkeys.md");
		const claims: [string, RegExp, number][] = [
			["routes.md: body size", /at most (\d+) MiB \(413/, limits.MAX_BODY_BYTES / 1024 / 1024],
			["routes.md: form fields", /at most ([\d,]+) urlencoded fields/, limits.MAX_FORM_FIELDS],
			["routes.md: JSON depth", /JSON nested at\s+most (\d+) deep/, limits.MAX_JSON_DEPTH],
			["routes.md: identity length", /identity field \(1-(\d+) characters\)/, limits.MAX_IDENTITY_LENGTH],
			["routes.md: password bytes", /at most (\d+) bytes after NFKD/, MAX_PASSWORD_BYTES],
			["routes.md: next length", /a string of 1 to (\d+) printable ASCII/, limits.MAX_NEXT_LENGTH],
			["routes.md: 503 Retry-After", /every 503 carries `Retry-After: (\d+)`/, limits.UNAVAILABLE_RETRY_AFTER_SECONDS],
			["account-flows.md: code tries", /A code allows (\d+) wrong tries/, MAX_CODE_TRIES],
			["two-factor: pending lifetime", /lives (\d+) minutes/, PENDING_LIFETIME_SECONDS / 60],
			["two-factor: pending tries", /dies after (\d+) wrong codes/, MAX_PENDING_TRIES],
			["two-factor: challenge lifetime", /an expiry \((\d+) minutes\)/, CHALLENGE_LIFETIME_SECONDS / 60],
			["core README: verified-credential cache", /a bounded cache \(([\d,]+) entries\)/, limits.VERIFIED_TOKEN_CACHE_SIZE]
		];
		const texts: Record<string, string> = { "routes.md": routes, "account-flows.md": flows, "two-factor": factors, "core README": coreReadme };
		for (const [name, pattern, actual] of claims) {
			const text = texts[name.split(":")[0]!]!;
			const stated = pattern.exec(text.replace(/\s+/g, " "))?.[1];
			expect(stated, `${name}: the claim is no longer in the doc (${pattern})`).toBeTruthy();
			expect(Number(stated!.replace(/,/g, "")), name).toBe(actual);
		}
	});
});

// ---- The built library ----------------------------------------------------------------------

type Module = Record<string, unknown>;
const importBuilt = (path: string): Promise<Module> => import(pathToFileURL(join(root, path)).href);
const SECRET = "claims-test-secret-0123456789abcdef0123456789abcdef";

/** Names exported by a module's source: `export { a, b as c }`, `export type { T }`, `export function f`, ... */
function sourceExports(path: string): { values: Set<string>; types: Set<string> } {
	const text = read(path);
	const values = new Set<string>();
	const types = new Set<string>();
	for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
		for (const item of m[2]!.split(",").map((s) => s.trim()).filter(Boolean)) {
			const name = item.replace(/^type\s+/, "").split(/\s+as\s+/).pop()!.trim();
			(m[1] || item.startsWith("type ") ? types : values).add(name);
		}
	}
	for (const m of text.matchAll(/export\s+(?:declare\s+)?(?:async\s+)?(function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)) {
		(m[1] === "interface" || m[1] === "type" ? types : values).add(m[2]!);
	}
	return { values, types };
}

/** Every entry of a package (`.`, `./sqlite`, ...): its runtime names (imported from dist, or read from the source where Node cannot load it) and type names. */
async function packageSurface(name: string): Promise<{ values: Set<string>; types: Set<string> }> {
	const manifest = JSON.parse(read(`packages/${name}/package.json`)) as { exports: Record<string, string | Record<string, string>> };
	const values = new Set<string>();
	const types = new Set<string>();
	for (const [subpath, target] of Object.entries(manifest.exports)) {
		if (subpath === "./package.json") continue;
		const source = typeof target === "string" ? target : target["@identity/source"]!;
		const declared = sourceExports(`packages/${name}/${source.replace(/^\.\//, "")}`);
		for (const t of declared.types) types.add(t);
		// Bun's entry imports bun:sqlite and the testing entry is vitest source: read their export lists.
		const runtime = typeof target === "string" || name === "bun" ? [...declared.values] : Object.keys(await importBuilt(`packages/${name}/${target.default!.replace(/^\.\//, "")}`));
		for (const v of runtime) values.add(v);
	}
	return { values, types };
}

describe.skipIf(!built)("the built library", () => {
	let core: Module;
	let identityMethods: Set<string>;
	let storeMethods: Set<string>;
	beforeAll(async () => {
		core = await importBuilt("packages/core/dist/index.js");
		const identity = (core.createIdentity as (o: unknown) => Record<string, unknown>)({ store: (core.createMemoryStore as () => unknown)(), secret: SECRET });
		identityMethods = new Set(Object.keys(identity));
		const lists = ["requiredStoreMethods", "accountFlowStoreMethods", "twoFactorStoreMethods", "passkeyStoreMethods", "attemptStoreMethods", "tokenStoreMethods", "subscriptionStoreMethods"];
		storeMethods = new Set(lists.flatMap((list) => core[list] as string[]));
	});

	describe("exported names", () => {
		// Names an API section shows that are not exports of the package, each a member of a documented object.
		const members: Record<string, string[]> = {
			core: ["fn"], // templateRender's parameter, shown as a call
			kysely: ["getMigrations", "migrateDown"], // Kysely's Migrator
			node: ["forwardError", "getClientAddress", "clone", "min"], // toNodeHandler's options, Request.clone(), the pool size formula
			express: ["next"], // Express's next()
			bun: ["destroy"], // Kysely's destroy()
			next: ["getCurrentUser", "loginWithPassword", "loginUser", "logoutUser", "getRequest", "cookies", "headers"], // createNextIdentity's members; Next's own functions
			redis: ["ready", "close", "createClient", "incrementCounter", "readCounter", "clearCounter", "consumeToken", "publishInvalidation", "subscribeInvalidations"] // the coordinator's members; node-redis
		};
		/** Types and classes of other libraries the READMEs name. */
		const foreign = new Set(["Host", "Origin", "Request", "Response", "Headers", "AbortSignal", "Date", "Kysely", "Migrator", "MigrationProvider", "SqliteDialect", "PostgresDialect", "Database", "Redis", "NextRequest", "RequestHandler", "RegistrationResponseJSON", "AuthenticationResponseJSON"]);

		for (const name of packageNames) {
			test(`every name the ${name} README's API section shows is exported by @identity/${name}${name === "core" ? " or is a method of an identity" : ""}`, async () => {
				const surface = await packageSurface(name);
				// Core's names (its ports and errors: `IdentityStore`, `StoreError`) may appear in every README.
				const coreSurface = await packageSurface("core");
				const known = (id: string) => surface.values.has(id) || surface.types.has(id) || coreSurface.values.has(id) || coreSurface.types.has(id) || storeMethods.has(id) || foreign.has(id) || (members[name] ?? []).includes(id) || (name === "core" && identityMethods.has(id));
				const checked: string[] = [];
				const unknown: string[] = [];
				// A name "from `@identity/other`" is checked against that package instead.
				const text = section(read(`packages/${name}/README.md`), "API");
				const elsewhere = new Map<string, string>();
				for (const m of text.matchAll(/`([A-Za-z_$][\w$]*)[^`]*` from `@identity\/(\w+)`/g)) elsewhere.set(m[1]!, m[2]!);
				const surfaces = new Map(await Promise.all([...new Set(elsewhere.values())].map(async (p) => [p, await packageSurface(p)] as const)));
				for (const span of spans(text)) {
					const code = span.replace(/^new\s+/, "").replace(/^await\s+/, "");
					const dotted = /^([a-z]\w*)\.([A-Za-z_$][\w$]*)(?:\(|$)/.exec(code);
					if (dotted) {
						// identity.x and store.x are checked; other objects' members (db.destroy()) are not ours.
						if (dotted[1] === "identity" && !identityMethods.has(dotted[2]!)) unknown.push(span);
						if (dotted[1] === "store" && !storeMethods.has(dotted[2]!)) unknown.push(span);
						continue;
					}
					// A call (`createKyselyStore(db, options?)`), a type or class (`IdentityStore`), a constant (`FIXTURE_SECRET`),
					// or in core's lists a bare function name (`loginRequired`).
					const id = /^([A-Za-z_$][\w$]*)(\(|$)/.exec(code);
					if (!id) continue;
					const isCall = id[2] === "(";
					const isTypeOrConstant = /^[A-Z]/.test(id[1]!) && !/^ERR_/.test(id[1]!);
					const isCoreName = name === "core" && /^[a-z]+[A-Z]\w*$/.test(id[1]!);
					if (!isCall && !isTypeOrConstant && !isCoreName) continue;
					checked.push(id[1]!);
					const other = elsewhere.has(id[1]!) ? surfaces.get(elsewhere.get(id[1]!)!) : undefined;
					if (other ? !other.values.has(id[1]!) : !known(id[1]!)) unknown.push(span);
				}
				expect(checked.length, "names found in the API section").toBeGreaterThanOrEqual(name === "express" ? 2 : 3);
				expect(unknown, `not exported by @identity/${name}: ${unknown.join(", ")}`).toEqual([]);
			});
		}

		test("the store methods the kysely README and account-flows.md list are the port's, and the kysely store has each", async () => {
			const bullet = section(read("packages/kysely/README.md"), "API").split(/\n(?=- )/).find((b) => b.startsWith("- `createKyselyStore("))!;
			const listed = new Set(spans(bullet).map((s) => /^(\w+)/.exec(s)?.[1] ?? "").filter((s) => storeMethods.has(s) || /^[a-z]+[A-Z]/.test(s)));
			listed.delete("createKyselyStore");
			listed.delete("identityField");
			listed.delete("tablePrefix");
			const optional = ["accountFlowStoreMethods", "twoFactorStoreMethods", "passkeyStoreMethods", "attemptStoreMethods", "tokenStoreMethods", "subscriptionStoreMethods"].flatMap((list) => core[list] as string[]);
			expect([...listed].filter((m) => !storeMethods.has(m)), "not store methods").toEqual([]);
			expect(optional.filter((m) => !listed.has(m)), "optional methods the README leaves out").toEqual([]);
			const { createSqliteStore } = await importBuilt("packages/kysely/dist/sqlite.js");
			const store = (await (createSqliteStore as (f: string) => Promise<Record<string, unknown>>)(":memory:")) as Record<string, unknown>;
			expect([...listed].filter((m) => typeof store[m] !== "function"), "missing on the kysely store").toEqual([]);
			const flows = /the account-flow methods \(([^)]*\)[^)]*)\)/.exec(read("docs/account-flows.md"))?.[1] ?? "";
			const named = spans(flows).map((s) => /^(\w+)/.exec(s)![1]!);
			expect(named.length).toBeGreaterThanOrEqual(2);
			expect(named.filter((m) => !storeMethods.has(m))).toEqual([]);
		});
	});

	test("every error code the docs name is in IdentityErrorCode, and the core README lists them all", () => {
		const union = /export type IdentityErrorCode =([^;]*);/.exec(read("packages/core/src/errors.ts"))![1]!;
		const codes = new Set([...union.matchAll(/"(ERR_[A-Z_]+)"/g)].map((m) => m[1]!));
		expect(codes.size).toBeGreaterThanOrEqual(10);
		const builtCode = packageNames.flatMap((p) => (existsSync(join(root, "packages", p, "dist")) ? readdirSync(join(root, "packages", p, "dist")).filter((f) => f.endsWith(".js")).map((f) => read(`packages/${p}/dist/${f}`)) : [])).join("\n");
		const wrong: string[] = [];
		for (const file of docFiles) {
			for (const span of spans(prose(read(file)))) {
				for (const m of span.matchAll(/\bERR_[A-Z_]+\b/g)) if (m[0] !== "ERR_" && !codes.has(m[0])) wrong.push(`${file}: ${m[0]}`);
			}
		}
		expect(wrong, wrong.join("\n")).toEqual([]);
		const listed = new Set(spans(paragraph(section(coreReadme, "API"), "- Errors:")).filter((s) => /^ERR_[A-Z_]+$/.test(s)));
		expect([...codes].filter((c) => !listed.has(c)), "codes the core README's Errors item leaves out").toEqual([]);
		for (const code of codes) expect(builtCode.includes(`"${code}"`), `${code} is used nowhere in the built packages`).toBe(true);
	});

	test("every event routes.md names is a hook of IdentityEvents that the built core emits, and every hook is named", () => {
		const source = read("packages/core/src/events.ts");
		const hooks = new Set([.../export interface IdentityEvents \{([\s\S]*?)\n\}/.exec(source)![1]!.matchAll(/^\s+(\w+)\?\(/gm)].map((m) => m[1]!));
		const reasons = new Set([...(/export type LoginFailureReason =([^;]*);/.exec(source)![1]!.matchAll(/"(\w+)"/g))].map((m) => m[1]!));
		const body = /export interface IdentityEvents \{([\s\S]*?)\n\}/.exec(source)![1]!;
		// The literal members (methods, keys, kinds) and the field names of the events.
		const values = new Set([...[...source.matchAll(/"(\w+)"/g)].map((m) => m[1]!), ...[...body.matchAll(/(\w+)\??: /g)].map((m) => m[1]!)]);
		const text = section(read("docs/routes.md"), "Events");
		const emitted = new Set([...read("packages/core/dist/index.js").matchAll(/emit\("(\w+)"/g)].map((m) => m[1]!));
		const named = new Set<string>();
		const wrong: string[] = [];
		for (const span of spans(text)) {
			const m = /^(\w+)(\(|$)/.exec(span);
			if (!m) continue;
			if (m[2] === "(" || hooks.has(m[1]!)) {
				named.add(m[1]!);
				if (!hooks.has(m[1]!)) wrong.push(`${span}: no such hook`);
				else if (!emitted.has(m[1]!)) wrong.push(`${span}: never emitted`);
			} else if (!values.has(m[1]!) && m[1] !== "events") wrong.push(`${span}: not a value of the event types`);
		}
		expect(wrong, wrong.join("\n")).toEqual([]);
		expect([...hooks].filter((h) => !named.has(h)), "hooks routes.md leaves out").toEqual([]);
		const listedReasons = spans(paragraph(text, "loginFailed")).filter((s) => reasons.has(s) || /^[a-z]+_[a-z_]+$/.test(s));
		expect(new Set(listedReasons)).toEqual(reasons);
	});

	test("the views routes.md names are exactly the views of templateRender", () => {
		const contexts = /export interface ViewContexts \{([\s\S]*?)\n\}/.exec(read("packages/core/src/options/types.ts"))![1]!;
		const views = new Set([...contexts.matchAll(/^\s+"?([\w-]+)"?:/gm)].map((m) => m[1]!));
		const listed = new Set(spans(paragraph(section(read("docs/routes.md"), "`GET /identity/login`"), "replaces our views")).filter((s) => /^"[\w-]+"$/.test(s)).map((s) => s.slice(1, -1)));
		expect(listed).toEqual(views);
		const factors = spans(paragraph(read("docs/two-factor-and-passkeys.md"), "views")).filter((s) => /^"[\w-]+"$/.test(s)).map((s) => s.slice(1, -1));
		expect(factors.filter((v) => !views.has(v))).toEqual([]);
	});

	test("every file path the docs name exists", () => {
		const missing: string[] = [];
		for (const file of docFiles) {
			for (const span of spans(prose(read(file)))) {
				if (/^(packages|docs|bench|scripts|examples|test)\/[\w./[\]-]+\.(ts|tsx|mjs|js|json|py|md)$/.test(span) && !existsSync(join(root, span))) missing.push(`${file}: ${span}`);
			}
		}
		expect(missing, missing.join("\n")).toEqual([]);
	});

	describe("behaviour", () => {
		const base = "http://localhost";
		type Identity = Record<string, (...args: any[]) => any> & { store: Record<string, (...args: any[]) => Promise<any>> };
		let identity: Identity;
		let everything: Identity;
		let tokens: { kind: string; expiresAt: Date }[];
		const json = { "content-type": "application/json", accept: "application/json" };
		const post = (id: Identity, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
			id.handle(new Request(`${base}${path}`, { method: "POST", headers: { ...json, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) }));
		const login = (id: Identity, username: string, password: string, extra: Record<string, unknown> = {}) => post(id, "/identity/login", { username, password, ...extra });

		beforeAll(async () => {
			tokens = [];
			const make = (options: Record<string, unknown> = {}) => {
				const store = (core.createMemoryStore as () => unknown)();
				return (core.createIdentity as (o: unknown) => Identity)({ store, secret: SECRET, events: { tokenIssued: (e: { kind: string; expiresAt: Date }) => void tokens.push(e) }, ...options });
			};
			identity = make();
			const hash = await identity.hashPassword("correct horse battery");
			for (const id of [identity]) {
				await id.store.createUser({ username: "alice", password: hash });
				await id.store.createUser({ username: "bob", password: hash, active: false });
				await id.store.createUser({ username: "carol", password: hash });
			}
			everything = make({
				mailer: (core.createOutboxMailer as () => unknown)(),
				flows: { register: true, confirm: true, recover: true, changePassword: true, changeEmail: true },
				twoFactor: { issuer: "Claims" },
				passkeys: { rpId: "localhost", rpName: "Claims", origins: ["http://localhost"] }
			});
			await everything.store.createUser({ username: "dave", email: "dave@example.com", password: hash });
		});

		test("every status of routes.md's failure table is what the built library answers, and the table has every public code", async () => {
			const rows = tables(section(read("docs/routes.md"), "The failure table"))[0]!.rows.map(([code, status]) => [code!.replace(/`/g, ""), Number(status)] as const);
			const publicCodes = new Set(Object.keys(failures).map((r) => (r === "wrong_credential" ? "unauthenticated" : r === "csrf_token_invalid" ? "csrf_failed" : r)));
			expect(new Set(rows.map(([code]) => code))).toEqual(publicCodes);
			for (const [code, status] of rows) expect(failures[code as keyof typeof failures].status, code).toBe(status);

			// A request that earns each refusal from the built package.
			const token = await identity.getAuthToken(await identity.store.findUser("alice"));
			const guard = (wrap: (h: () => Response) => (r: Request) => Promise<Response>, headers: Record<string, string>) => wrap(() => new Response("ok"))(new Request(`${base}/x`, { headers: { accept: "application/json", ...headers } }));
			const brokenStore = { ...(core.createMemoryStore as () => Record<string, unknown>)(), findUser: async () => { throw new (core.StoreError as new (m: string) => Error)("down"); } };
			const broken = (core.createIdentity as (o: unknown) => Identity)({ store: brokenStore, secret: SECRET });
			const recipes: Record<string, () => Promise<Response>> = {
				unauthenticated: () => guard(identity.loginRequired, {}),
				reauthentication_required: () => guard(identity.freshLoginRequired, { authorization: `Bearer ${token}` }),
				forbidden: () => guard((h) => identity.rolesRequired(h, "admin"), { authorization: `Bearer ${token}` }),
				csrf_failed: () => post(identity, "/identity/login", { username: "alice", password: "x" }, { origin: "https://evil.example" }),
				invalid_request: () => post(identity, "/identity/login", {}),
				invalid_credentials: () => login(identity, "alice", "wrong password"),
				account_disabled: () => login(identity, "bob", "correct horse battery"),
				already_authenticated: () => post(identity, "/identity/login", { username: "alice", password: "correct horse battery" }, { authorization: `Bearer ${token}` }),
				unconfirmed: () => login(everything, "dave", "correct horse battery"),
				invalid_token: () => post(everything, "/identity/confirm", { token: "garbage" }),
				invalid_code: () => post(everything, "/identity/two-factor", { code: "123456", pendingToken: "garbage" }),
				invalid_passkey: () => post(everything, "/identity/passkeys/login", { id: "x", rawId: "x", type: "public-key", response: {} }),
				too_many_attempts: async () => {
					for (let i = 0; i < 5; i++) await login(identity, "carol", "wrong password");
					return login(identity, "carol", "wrong password");
				},
				invalid_body: () => post(identity, "/identity/login", "{"),
				body_too_large: () => post(identity, "/identity/login", JSON.stringify({ username: "x".repeat(3 * 1024 * 1024) })),
				unsupported_media_type: () => post(identity, "/identity/login", "x", { "content-type": "text/plain" }),
				not_found: () => identity.handle(new Request(`${base}/identity/nowhere`, { headers: { accept: "application/json" } })),
				method_not_allowed: () => identity.handle(new Request(`${base}/identity/logout`, { headers: { accept: "application/json" } })),
				unavailable: () => login(broken, "alice", "x")
			};
			const wrong: string[] = [];
			for (const [code, status] of rows) {
				const recipe = recipes[code];
				if (!recipe) {
					wrong.push(`${code}: no request earns it in this test (add one)`);
					continue;
				}
				const response = await recipe();
				const body = (await response.json().catch(() => ({}))) as { error?: string };
				if (response.status !== status || body.error !== code) wrong.push(`${code}: documented ${status}, got ${response.status} ${JSON.stringify(body.error)}`);
			}
			expect(wrong, wrong.join("\n")).toEqual([]);
		});

		test("cookies, lifetimes, the token header, the base path and exempt methods behave as the core README's defaults say", async () => {
			const stated = new Map(coreDefaults);
			const [sessionName, rememberName, header, basePath] = ["session.cookieName", "remember.cookieName", "token.header", "routes.basePath"].map((k) => stated.get(k) as string);
			tokens.length = 0;
			const response = await post(identity, `${basePath}/login`, { username: "alice", password: "correct horse battery", remember: true });
			expect(response.status).toBe(200);
			const cookies = response.headers.getSetCookie();
			const session = cookies.find((c) => c.startsWith(`${sessionName}=`));
			const remember = cookies.find((c) => c.startsWith(`${rememberName}=`));
			expect(session, cookies.join("\n")).toBeTruthy();
			expect(session).not.toMatch(/Max-Age/i); // a browser-session cookie
			expect(remember).toContain(`Max-Age=${stated.get("remember.maxAgeSeconds")}`);
			for (const cookie of [session!, remember!]) {
				expect(cookie).toMatch(/; HttpOnly/);
				expect(cookie).toContain(`SameSite=${stated.get("cookie.sameSite")}`);
				expect(cookie).toContain(`Path=${stated.get("cookie.path")}`);
				expect(cookie, "plain http to localhost: not Secure").not.toMatch(/Secure/);
			}
			// Lifetimes, from the tokens the login issued.
			const now = Date.now();
			const lifetime = (kind: string) => Math.round((tokens.find((t) => t.kind === kind)!.expiresAt.getTime() - now) / 1000);
			expect(Math.abs(lifetime("session") - (stated.get("session.maxAgeSeconds") as number))).toBeLessThan(60);
			expect(Math.abs(lifetime("remember") - (stated.get("remember.maxAgeSeconds") as number))).toBeLessThan(60);
			expect(Math.abs(lifetime("bearer") - (stated.get("token.maxAgeSeconds") as number))).toBeLessThan(60);
			// The token header authenticates.
			const { authenticationToken } = (await response.json()) as { authenticationToken: string };
			const guarded = identity.loginRequired(() => new Response("in"));
			expect((await guarded(new Request(`${base}/x`, { headers: { [header]: authenticationToken, accept: "application/json" } }))).status).toBe(200);
			// Exempt methods are answered by the guard (204) without running the handler.
			let ran = false;
			const exempt = identity.loginRequired(() => ((ran = true), new Response("ran")));
			for (const method of stated.get("exemptMethods") as string[]) {
				const answer = await exempt(new Request(`${base}/x`, { method }));
				expect(answer.status, method).toBe(204);
			}
			expect(ran).toBe(false);
			// Over https the names carry __Host- (cookie.prefix "auto") and the cookies are Secure.
			// (Last: in single-session mode this login ends the sessions and tokens above.)
			const secure: Response = await identity.handle(new Request(`https://app.example${basePath}/login`, { method: "POST", headers: { ...json, "sec-fetch-site": "same-origin" }, body: JSON.stringify({ username: "alice", password: "correct horse battery" }) }));
			expect(stated.get("cookie.prefix")).toBe("auto");
			expect(secure.headers.getSetCookie().some((c) => c.startsWith(`__Host-${sessionName}=`) && /; Secure/.test(c))).toBe(true);
		});

		test("the login rate limit allows exactly maxPerIdentity failures (routes.md's table)", async () => {
			const max = new Map(defaultsTable(tables(section(read("docs/routes.md"), "Rate limiting"))[0]!.rows, "rateLimit.")).get("rateLimit.maxPerIdentity") as number;
			await identity.store.createUser({ username: "erin", password: await identity.hashPassword("correct horse battery") });
			const statuses: number[] = [];
			for (let i = 0; i <= max; i++) statuses.push((await login(identity, "erin", "wrong password")).status);
			expect(statuses).toEqual([...Array(max).fill(401), 429]);
		});

		test("every route the docs list exists once its feature is on, and the account flows' routes are 404 while off", async () => {
			const routeSpecs: { file: string; methods: string[]; path: string }[] = [];
			const fromCell = (file: string, cell: string) => {
				for (const part of cell.replace(/`/g, "").split(/,\s*/)) {
					const m = /^((?:GET|POST)(?:\/(?:GET|POST))*) ([\w/-]+)/.exec(part.trim());
					if (m) routeSpecs.push({ file, methods: m[1]!.split("/"), path: m[2]! });
				}
			};
			for (const file of ["docs/account-flows.md", "docs/two-factor-and-passkeys.md"]) {
				for (const table of tables(prose(read(file))).filter((t) => t.header[0] === "route")) for (const row of table.rows) fromCell(file, row[0]!);
			}
			expect(routeSpecs.length).toBeGreaterThanOrEqual(20);
			const endpoints = spans(paragraph(read("docs/routes.md"), "The endpoints are")).filter((s) => /^[a-z][\w/-]*$/.test(s) && (IDENTITY_ENDPOINTS as readonly string[]).includes(s));
			expect(new Set(endpoints), "routes.md's list of endpoints").toEqual(new Set(IDENTITY_ENDPOINTS));
			const wrong: string[] = [];
			for (const { file, methods, path } of routeSpecs) {
				if (!(IDENTITY_ENDPOINTS as readonly string[]).includes(path)) wrong.push(`${file}: ${path} is not an endpoint`);
				for (const method of methods) {
					const response = await everything.handle(new Request(`${base}/identity/${path}`, { method, headers: method === "POST" ? json : { accept: "application/json" }, body: method === "POST" ? "{}" : undefined }));
					if (response.status === 404 || response.status === 405) wrong.push(`${file}: ${method} ${path} answers ${response.status}`);
				}
			}
			for (const path of ["register", "confirm", "recover", "reset", "change-password", "change-email", "two-factor", "passkeys"]) {
				const response = await identity.handle(new Request(`${base}/identity/${path}`, { headers: { accept: "application/json" } }));
				if (response.status !== 404) wrong.push(`${path} answers ${response.status} while its feature is off`);
			}
			expect(wrong, wrong.join("\n")).toEqual([]);
		});

		test("serve's timeouts are the node README's", async () => {
			const { serve } = await importBuilt("packages/node/dist/index.js");
			const text = section(read("packages/node/README.md"), "API").replace(/\s+/g, " ");
			const stated = [...text.matchAll(/`(headersTimeout|requestTimeout|keepAliveTimeout)` \((?:default )?([\d ]+) ms/g)].map((m) => [m[1]!, Number(m[2]!.replace(/ /g, ""))] as const);
			expect(stated.length).toBe(3);
			const running = (await (serve as (h: unknown) => Promise<{ server: Record<string, number>; close(): Promise<void> }>)(() => new Response("ok"))) as { server: Record<string, number>; close(): Promise<void> };
			try {
				for (const [name, ms] of stated) expect(running.server[name], name).toBe(ms);
			} finally {
				await running.close();
			}
		});
	});

	describe("the CLI", () => {
		const help = () => spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", timeout: 20_000 }).stdout;
		test("the CLI README's Commands list is exactly the commands of identity --help", () => {
			const commands = new Set([...help().matchAll(/^ {2}identity ([a-z][\w -]*?)\s{2,}/gm)].map((m) => m[1]!.trim()));
			expect(commands.size).toBeGreaterThanOrEqual(15);
			const listed = new Set<string>();
			for (const span of spans(paragraph(section(read("packages/cli/README.md"), "Commands"), "`init`")).filter((s) => !/[<-]{2}|</.test(s))) {
				const [first, ...alternatives] = span.split(" | ");
				const words = first!.split(" ");
				listed.add(first!);
				for (const alternative of alternatives) listed.add([...words.slice(0, -1), alternative].join(" "));
			}
			expect(listed).toEqual(commands);
		});

		test("the options the CLI README says every command accepts are the help's", () => {
			const global = help().split(/^Options for every command:$/m)[1] ?? "";
			const options = new Set([...global.matchAll(/^ {2}(--[\w-]+)/gm)].map((m) => m[1]!));
			const text = paragraph(section(read("packages/cli/README.md"), "Commands"), "Every command accepts");
			const listed = new Set(spans(text).map((s) => /^(--[\w-]+)/.exec(s)?.[1]).filter((s): s is string => Boolean(s)));
			options.delete("--help");
			expect(listed).toEqual(options);
			for (const [option, value] of [...text.matchAll(/`\$IDENTITY_(\w+)`, then `?([\w./]+)`?/g)].map((m) => [m[1]!, m[2]!])) {
				expect(global, `IDENTITY_${option}`).toMatch(new RegExp(`\\$IDENTITY_${option}, else ${value.replace(/\./g, "\\.")}`));
			}
		});

		test("identity --version prints the package version; a mistyped command exits 2 with a suggestion", () => {
			const { version } = JSON.parse(read("packages/cli/package.json")) as { version: string };
			expect(read("packages/cli/README.md")).toMatch(/`identity --version` \(or `-v`\)/);
			for (const flag of ["--version", "-v"]) expect(spawnSync(process.execPath, [cli, flag], { encoding: "utf8" }).stdout).toContain(version);
			const claim = /`(identity user list)` → `did you mean "(identity users list)"\?`\) and exit code (\d)/.exec(read("packages/cli/README.md").replace(/\s+/g, " "));
			expect(claim).toBeTruthy();
			const typo = spawnSync(process.execPath, [cli, ...claim![1]!.split(" ").slice(1)], { encoding: "utf8" });
			expect(typo.status).toBe(Number(claim![3]));
			expect(typo.stderr).toContain(`did you mean "${claim![2]}"?`);
		});

		describe("the Flask importer", () => {
			test("migrating-from-flask.md's default source tables are import-flask's", () => {
				const stated = /The\s+defaults are the Flask tables `(\w+)`, `(\w+)` and `(\w+)`/.exec(read("docs/migrating-from-flask.md"));
				expect(stated).toBeTruthy();
				const usage = spawnSync(process.execPath, [cli, "import-flask", "--help"], { encoding: "utf8" }).stdout;
				const defaults = ["user", "role", "link"].map((table) => new RegExp(`--${table}-table <name>.*\\(default: (\\w+)\\)`).exec(usage)?.[1]);
				expect(defaults).toEqual(stated!.slice(1));
			});

			test("migrating-from-flask.md's skip reasons are exactly the importer's", () => {
				const union = /export type FlaskImportSkipReason =([^;]*);/.exec(read("packages/cli/src/import/import-flask-users.ts"))![1]!;
				const reasons = new Set([...union.matchAll(/"([\w-]+)"/g)].map((m) => m[1]!));
				const text = section(read("docs/migrating-from-flask.md"), "What the importer does");
				const listed = new Set([...text.matchAll(/^- `([\w-]+)`:/gm)].map((m) => m[1]!));
				expect(listed).toEqual(reasons);
			});
		});
	});
});
