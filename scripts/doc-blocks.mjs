// The code blocks of the docs, as the tests read them. A block may carry a directive on the line
// just above its fence, an HTML comment GitHub does not show:
//
//   <!-- check: given identity, store; runtime bun; run quickstart-bun -->
//
//   given a, b      the block uses these names without declaring them (see docs/test/preludes.ts)
//   runtime r       the types it is compiled with: node (default), bun, deno (not compiled: run only), next
//   run name        a scenario of docs/test/ starts it as a server and signs in to it
//   file path       the file the block is, when others import it (e.g. app/admin/route.ts)
//   skip reason     not compiled (say why); use sparingly
//
// Used by docs/test/code-blocks.test.ts (the workspace) and scripts/packed-install.mjs (a project
// outside the repo installed from tarballs), so both run the very text the README shows.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative } from "node:path";

/** The Markdown files whose blocks are checked, relative to the repository root. */
export function docFiles(root) {
	const files = ["README.md", "SECURITY.md"].filter((file) => existsSync(join(root, file)));
	for (const dir of ["packages", "examples"]) {
		for (const name of readdirSync(join(root, dir)).sort()) {
			const readme = join(dir, name, "README.md");
			if (existsSync(join(root, readme))) files.push(readme);
		}
	}
	for (const name of readdirSync(join(root, "docs")).sort()) if (name.endsWith(".md")) files.push(join("docs", name));
	return files;
}

/** Parses a directive comment's body (`given a, b; runtime bun`) into an object. */
function parseDirective(text) {
	const directive = { given: [], runtime: "node", run: null, file: null, skip: null };
	for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
		const [key, ...rest] = part.split(/\s+/);
		const value = rest.join(" ");
		if (key === "given") directive.given = value.split(",").map((name) => name.trim()).filter(Boolean);
		else if (key === "runtime" || key === "run" || key === "file" || key === "skip") directive[key] = value;
		else throw new Error(`unknown directive key "${key}" in <!-- check: ${text} -->`);
	}
	return directive;
}

/**
 * Every fenced block of a Markdown text: `{ file, line, lang, code, directive }`, where `line` is
 * the 1-based line of the block's first code line.
 */
export function extractBlocks(markdown, file) {
	const lines = markdown.split("\n");
	const blocks = [];
	for (let i = 0; i < lines.length; i++) {
		const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
		if (!open) continue;
		const [, indent, fence, lang] = open;
		const start = i + 1;
		let end = start;
		while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
		let previous = i - 1;
		while (previous >= 0 && lines[previous].trim() === "") previous--;
		const comment = previous >= 0 ? /^\s*<!--\s*check:(.*?)-->\s*$/.exec(lines[previous]) : null;
		const code = lines
			.slice(start, end)
			.map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
			.join("\n");
		blocks.push({ file, line: start + 1, lang: lang.toLowerCase(), code, directive: parseDirective(comment ? comment[1] : "") });
		i = end;
	}
	return blocks;
}

/** Every block of every doc file. */
export function allBlocks(root) {
	return docFiles(root).flatMap((file) => extractBlocks(readFileSync(join(root, file), "utf8"), relative(root, join(root, file))));
}

/** The one block of `file` whose directive runs scenario `name`; throws when there is not exactly one. */
export function scenarioBlock(root, file, name) {
	const found = extractBlocks(readFileSync(join(root, file), "utf8"), file).filter((block) => block.directive.run === name);
	if (found.length !== 1) throw new Error(`${file}: expected one block with <!-- check: run ${name} -->, found ${found.length}`);
	return found[0];
}

/**
 * The Quickstarts' promise, checked against a running server: an anonymous request to /admin is
 * refused (401), the JSON login of `username` with `password` sets a session cookie and returns a
 * token, the cookie opens / ("Hello <username>") and /admin ("Admins only"), and a wrong
 * password is refused. Throws an Error naming the first step that failed.
 */
export async function exerciseQuickstart(url, { username = "admin", password }) {
	const expect = (what, actual, expected) => {
		if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
	};
	expect("GET /admin without a login", (await fetch(`${url}/admin`)).status, 401);
	const login = await fetch(`${url}/identity/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
	const body = await login.json().catch(() => ({}));
	expect("POST /identity/login", login.status, 200);
	expect("the login's user", body.user?.username, username);
	expect("the login's token", typeof body.authenticationToken, "string");
	const cookie = login.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
	if (!/identity_session=/.test(cookie)) throw new Error("the login set no session cookie");
	const home = await fetch(`${url}/`, { headers: { cookie } });
	expect("GET / with the session cookie", `${home.status} ${await home.text()}`, `200 Hello ${username}`);
	const admin = await fetch(`${url}/admin`, { headers: { cookie } });
	expect("GET /admin with the session cookie", `${admin.status} ${await admin.text()}`, "200 Admins only");
	const bearer = await fetch(`${url}/admin`, { headers: { authorization: `Bearer ${body.authenticationToken}` } });
	expect("GET /admin with the bearer token", bearer.status, 200);
	const wrong = await fetch(`${url}/identity/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: `${password} but wrong` }) });
	expect("a wrong password", wrong.status, 401);
}
