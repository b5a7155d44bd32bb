/** The users table of an example's README: `| user | password | roles | ... |` rows. */
export function readmeUsers(readme: string): { username: string; password: string; roles: string[]; active: boolean }[] {
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
