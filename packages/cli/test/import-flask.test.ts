import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { type Identity, type IdentityStore, createIdentity } from "@identity/core";
import { createKyselyStore } from "@identity/kysely";
import { createSqliteDatabase } from "@identity/kysely/sqlite";
import { importFlaskUsers } from "../src/index.js";
import { buildFixture, findPython } from "./helpers/python.js";

// Real bcrypt / argon2 / sha512-crypt verifications (656000 rounds) are slow on a loaded machine.
vi.setConfig({ testTimeout: 90_000 });

interface FixtureUser {
	email?: string;
	username: string;
	password: string;
	active: boolean;
	roles: string[];
	uniquifier: string;
	confirmed_at?: string | null;
}

/** Flask-Security's naive UTC `confirmed_at` as the Date the importer should store. */
const confirmedAt = (spec: FixtureUser) => (spec.confirmed_at ? new Date(`${spec.confirmed_at.slice(0, 23)}Z`) : null);
interface Manifest {
	salt: string;
	users: FixtureUser[];
}

const python = findPython(["flask_security", "flask_sqlalchemy", "passlib", "bcrypt", "argon2"]);
const secret = "an-application-secret-of-at-least-32-bytes";
let dir: string;
const databases: Kysely<any>[] = [];

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), "identity-import-"));
});
afterAll(async () => {
	for (const db of databases) await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

/** A fresh migrated SQLite target store. */
async function targetStore(name: string, identityField: string): Promise<IdentityStore> {
	const db = await createSqliteDatabase(join(dir, name), { identityField });
	databases.push(db);
	return createKyselyStore(db, { identityField });
}

/** POST /identity/login as a JSON API client; the status. */
async function login(identity: Identity, field: string, value: string, password: string): Promise<number> {
	const response = await identity.handle(
		new Request("http://localhost/identity/login", {
			method: "POST",
			headers: { "content-type": "application/json", accept: "application/json" },
			body: JSON.stringify({ [field]: value, password })
		})
	);
	return response.status;
}

function sourceHashes(path: string, table: string, column: string): Map<string, string> {
	const db = new Database(path, { readonly: true });
	try {
		const rows = db.prepare(`select "${column}" as identity, password from "${table}"`).all() as { identity: string; password: string }[];
		return new Map(rows.map((r) => [r.identity, r.password]));
	} finally {
		db.close();
	}
}

describe.skipIf(!python)("importFlaskUsers() from a real Flask-Security-Too database", () => {
	let source: string;
	let manifest: Manifest;
	let store: IdentityStore;

	beforeAll(async () => {
		source = join(dir, "flask-security.db");
		manifest = buildFixture<Manifest>(python as string, "build_flask_security_db.py", [source]);
		store = await targetStore("fs-target.db", "email");
	});

	test("copies users, roles and links with hashes, active flags, uniquifiers and confirmed_at unchanged", async () => {
		const report = await importFlaskUsers({ source, target: store });
		expect(report).toMatchObject({
			dryRun: false,
			identityColumn: "email",
			uniquifierColumn: "fs_uniquifier",
			emailColumn: null,
			confirmed: 2,
			users: { read: 4, created: 4, skipped: 0 },
			roles: { read: 3, created: 3, existing: 0 },
			links: 4,
			schemes: { bcrypt: 4 }
		});
		const hashes = sourceHashes(source, "user", "email");
		for (const spec of manifest.users) {
			const user = await store.findUser(spec.email as string);
			expect(user).toMatchObject({ email: spec.email, active: spec.active, uniquifier: spec.uniquifier, roles: [...spec.roles].sort(), confirmedAt: confirmedAt(spec) });
			expect(user?.password).toBe(hashes.get(spec.email as string));
		}
		expect((await store.listRoles()).find((r) => r.name === "admin")?.description).toBe("Administrators");
		expect(report.ids["1"]).toBe((await store.findUser("alice@example.com"))?.id);
	});

	test("a re-run changes nothing: existing users are skipped, roles reused", async () => {
		const before = await store.findUser("alice@example.com");
		const report = await importFlaskUsers({ source, target: store });
		expect(report.users).toEqual({ read: 4, created: 0, skipped: 4 });
		expect(report.roles).toEqual({ read: 3, created: 0, existing: 3 });
		expect(report.skipped.every((s) => s.reason === "exists")).toBe(true);
		expect(await store.findUser("alice@example.com")).toEqual(before);
	});

	test("imported users log in with their Flask passwords through POST /identity/login; the hash is upgraded", async () => {
		const identity = createIdentity({ store, secret, password: { legacySalt: manifest.salt }, rateLimit: false });
		const alice = manifest.users.find((u) => u.username === "alice") as FixtureUser;
		const oldHash = (await store.findUser("alice@example.com"))?.password;
		expect(await login(identity, "email", "alice@example.com", "wrong password")).toBe(401);
		expect(await login(identity, "email", "alice@example.com", alice.password)).toBe(200);
		const newHash = (await store.findUser("alice@example.com"))?.password as string;
		expect(newHash).not.toBe(oldHash);
		expect(newHash.startsWith("$argon2id$") || newHash.startsWith("$pbkdf2-sha256$")).toBe(true);
		expect(await login(identity, "email", "alice@example.com", alice.password)).toBe(200);

		const dave = manifest.users.find((u) => u.username === "dave") as FixtureUser;
		expect(await login(identity, "email", "dave@example.com", dave.password)).toBe(200);
		const carol = manifest.users.find((u) => u.username === "carol") as FixtureUser;
		expect(await login(identity, "email", "carol@example.com", carol.password)).toBe(403);
	});

	test("without the Flask salt the salted hashes do not verify", async () => {
		const identity = createIdentity({ store, secret, rateLimit: false });
		const bob = manifest.users.find((u) => u.username === "bob") as FixtureUser;
		expect(await login(identity, "email", "bob@example.com", bob.password)).toBe(401);
	});

	test("argon2 hashes (SECURITY_PASSWORD_HASH = argon2) verify too", async () => {
		const argonSource = join(dir, "flask-security-argon2.db");
		const argon = buildFixture<Manifest>(python as string, "build_flask_security_db.py", [argonSource, "--hash", "argon2"]);
		const target = await targetStore("fs-argon2-target.db", "username");
		const report = await importFlaskUsers({ source: argonSource, target });
		expect(report).toMatchObject({ identityColumn: "username", emailColumn: "email", confirmed: 2, users: { created: 4 }, schemes: { argon2: 4 } });
		// With a username identity, Flask-Security's email goes to the email column (found ignoring case).
		for (const spec of argon.users) {
			expect(await target.findUser({ email: (spec.email as string).toUpperCase() })).toMatchObject({ username: spec.username, email: spec.email, confirmedAt: confirmedAt(spec) });
		}
		const identity = createIdentity({ store: target, secret, password: { legacySalt: argon.salt }, rateLimit: false });
		const bob = argon.users.find((u) => u.username === "bob") as FixtureUser;
		expect(await login(identity, "username", "bob", bob.password)).toBe(200);
	});

	test("a user whose email another target user already has is skipped as email-exists, in a dry run too", async () => {
		const target = await targetStore("fs-email-clash-target.db", "username");
		await target.createUser({ username: "zed", password: "h", email: "ALICE@example.com" });
		for (const dryRun of [true, false]) {
			const report = await importFlaskUsers({ source, target, dryRun });
			expect(report).toMatchObject({ users: { read: 4, created: 3, skipped: 1 }, skipped: [{ identity: "alice", reason: "email-exists" }] });
		}
		expect(await target.findUser("alice")).toBeNull();
		expect((await target.findUser({ email: "alice@example.com" }))?.username).toBe("zed");
	});

	test("a dry run reports and writes nothing", async () => {
		const target = await targetStore("fs-dry-target.db", "email");
		const report = await importFlaskUsers({ source, target, dryRun: true });
		expect(report).toMatchObject({ dryRun: true, users: { created: 4 }, roles: { created: 3 }, links: 4 });
		expect(await target.listUsers()).toEqual([]);
		expect(await target.listRoles()).toEqual([]);
	});
});

describe.skipIf(!python)("importFlaskUsers() from a Flask-Identity-shaped database", () => {
	let source: string;
	let manifest: Manifest;
	let store: IdentityStore;

	beforeAll(async () => {
		source = join(dir, "flask-identity.db");
		manifest = buildFixture<Manifest>(python as string, "build_flask_identity_db.py", [source]);
		store = await targetStore("fi-target.db", "username");
	});

	test("imports every verifiable hash and refuses the plaintext one", async () => {
		const report = await importFlaskUsers({ source, target: store });
		expect(report).toMatchObject({
			identityColumn: "username",
			uniquifierColumn: "uniquifier",
			users: { read: 7, created: 6, skipped: 1 },
			skipped: [{ identity: "plain", reason: "unsupported-hash" }],
			schemes: { bcrypt: 3, "pbkdf2-sha1": 1, "pbkdf2-sha256": 1, "sha512-crypt": 1 }
		});
		expect(await store.findUser("plain")).toBeNull();
		expect(await store.findUser("disabled")).toMatchObject({ active: false, roles: ["editor"] });
	});

	test("salted (1.0.6) and unsalted (older) hashes log in with IDENTITY_HASH_SALT as legacySalt", async () => {
		const identity = createIdentity({ store, secret, password: { legacySalt: manifest.salt }, rateLimit: false });
		for (const user of manifest.users.filter((u) => u.username !== "plain")) {
			expect([user.username, await login(identity, "username", user.username, user.password)]).toEqual([user.username, user.active ? 200 : 403]);
		}
		expect((await store.findUser("admin"))?.password).toMatch(/^\$(argon2id|pbkdf2-sha256)\$/);
		expect((await store.findUser("sha1"))?.password).toMatch(/^\$argon2id\$/);
	});

	test("a missing user table or identity column is a clear IdentityError", async () => {
		const target = await targetStore("fi-bad-target.db", "email");
		await expect(importFlaskUsers({ source, target })).rejects.toMatchObject({ code: "ERR_INVALID_ARGUMENT", message: expect.stringContaining('"email"') });
		await expect(importFlaskUsers({ source, target: store, tables: { user: "accounts" } })).rejects.toMatchObject({
			code: "ERR_INVALID_ARGUMENT",
			message: 'The source has no table "accounts"'
		});
	});
});
