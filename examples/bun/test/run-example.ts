import { spawn } from "node:child_process";

/** A started example: its base URL, everything it printed so far, and a way to stop it. */
export interface StartedExample {
	url: string;
	output(): string;
	stop(): Promise<void>;
}

/**
 * Starts the example as a person would (`command args` in `cwd`, with `env` on top of a copy of
 * this process's environment without any IDENTITY_* variable) and resolves once it prints
 * "listening on <url>". Rejects with its output if it exits first or stays silent for 30 s.
 */
export function runExample(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<StartedExample> {
	const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("IDENTITY_")));
	const child = spawn(command, args, { cwd, env: { ...base, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
	let output = "";
	const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
		process.kill(-child.pid, "SIGTERM"); // its process group: the npm .bin shim and the runtime it starts
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => void stop().then(() => reject(new Error(`no "listening on" line in 30 s:\n${output}`))), 30_000);
		const read = (chunk: Buffer) => {
			output += chunk.toString("utf8");
			const match = /listening on (http:\/\/\S+)/i.exec(output);
			if (!match) return;
			clearTimeout(timer);
			resolve({ url: match[1]!, output: () => output, stop });
		};
		child.stdout.on("data", read);
		child.stderr.on("data", read);
		child.once("exit", (code) => {
			clearTimeout(timer);
			reject(new Error(`exited (${code}) before listening:\n${output}`));
		});
	});
}

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
