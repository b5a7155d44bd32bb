// Test support shared by the examples' tests (not a test file itself: no .test.ts suffix): each
// example's README lists the users it creates, and the tests check that list against the app.
import { expect, test } from "vitest";

/** A row of an example's README users table. */
export interface ReadmeUser {
	username: string;
	password: string;
	roles: string[];
	active: boolean;
}

/** The users table of an example's README: `| user | password | roles | ... |` rows. */
export function readmeUsers(readme: string): ReadmeUser[] {
	const table = readme.split("\n").filter((line) => line.startsWith("|")).map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
	const header = table.findIndex((cells) => cells[0] === "user" && cells[1] === "password");
	if (header === -1) throw new Error("README.md has no | user | password | table");
	const rows = [];
	for (const cells of table.slice(header + 2)) {
		if (cells.length < 3 || cells[0] === "user") break;
		const [username, password, roles, note = ""] = cells.map((cell) => cell.replace(/`/g, ""));
		rows.push({ username: username!, password: password!, roles: roles === "—" ? [] : roles!.split(/,\s*/), active: !/deactivated/i.test(note) });
	}
	return rows;
}

/** Logs in through the JSON route; returns the status and, when it worked, the `/me` answer. */
export async function logIn(url: string, username: string, password: string): Promise<{ status: number; error?: string; me?: { username: string; roles: string[] } }> {
	const response = await fetch(`${url}/identity/login`, {
		method: "POST",
		headers: { "content-type": "application/json", accept: "application/json" },
		body: JSON.stringify({ username, password })
	});
	const body = (await response.json()) as { error?: string; authenticationToken?: string };
	if (response.status !== 200) return { status: response.status, error: body.error };
	const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${body.authenticationToken}`, accept: "application/json" } });
	return { status: 200, me: (await me.json()) as { username: string; roles: string[] } };
}

/** The users an example creates: its `exampleUsers` (src/users.ts, or lib/users.ts in examples/next). */
export type ExampleUsers = readonly { readonly username: string; readonly password: string; readonly roles: readonly string[]; readonly active: boolean }[];

/** The README's users table lists exactly the users the example creates. */
export function expectReadmeListsUsers(readme: string, users: ExampleUsers): void {
	expect(readmeUsers(readme)).toEqual(users.map(({ username, password, roles, active }) => ({ username, password, roles, active })));
}

/** Each active README user logs in at `url` with its README password and gets its roles; a deactivated one is refused. */
export async function expectReadmeUsersLogIn(readme: string, url: string): Promise<void> {
	for (const user of readmeUsers(readme)) {
		const result = await logIn(url, user.username, user.password);
		if (user.active) expect(result, user.username).toEqual({ status: 200, me: expect.objectContaining({ username: user.username, roles: user.roles }) });
		else expect(result, user.username).toEqual({ status: 403, error: "account_disabled" });
	}
}

/** The example, started without IDENTITY_SECRET, said it signs with a random secret and did not print it. */
export function expectRandomSecretNotice(output: string): void {
	expect(output).toContain("IDENTITY_SECRET is not set: signing with a random secret made for this run");
	expect(output).not.toMatch(/[0-9a-f]{32}/);
}

/**
 * The tests of an example started as its README runs it, without IDENTITY_SECRET (call it inside the
 * `describe` whose `beforeAll` starts it; `example` returns that started example): the random-secret
 * notice, the README's users table against `users` (its `exampleUsers`), and a login as each of them
 * plus a wrong password refused.
 */
export function testReadmeRun(example: () => { url: string; output(): string }, readme: string, users: ExampleUsers): void {
	test("says it signs with a random secret for this run, and never prints it", () => {
		expectRandomSecretNotice(example().output());
	});

	test("the README lists every user the example creates", () => {
		expectReadmeListsUsers(readme, users);
	});

	test("each active README user logs in with its README password and gets its roles; the deactivated one is refused", async () => {
		await expectReadmeUsersLogIn(readme, example().url);
		expect((await logIn(example().url, "admin", "not-the-password")).status).toBe(401);
	});
}
