import { CommandError, UsageError } from "./errors.js";
import type { CliIo } from "./io.js";

const maxStdinBytes = 64 * 1024;
const minLength = 8;
/** @identity/core's bound: UTF-8 bytes after NFKD normalisation. */
const maxBytes = 1024;

/**
 * Reads a new password: from stdin with `--password-stdin` (one line, the trailing newline
 * dropped), else prompted twice without echo on a terminal.
 * @throws UsageError when there is no terminal and no `--password-stdin`.
 */
export async function readNewPassword(io: CliIo, fromStdin: boolean): Promise<string> {
	if (fromStdin) return readStdinPassword(io.stdin);
	if (!io.stdin.isTTY || typeof io.stdin.setRawMode !== "function") {
		throw new UsageError("No terminal to prompt for the password: pipe it in with --password-stdin");
	}
	const first = await promptHidden(io, "Password: ");
	assertStrongPassword(first);
	const second = await promptHidden(io, "Repeat password: ");
	if (first !== second) throw new CommandError("ERR_PASSWORD_MISMATCH", "Passwords do not match");
	return first;
}

/**
 * Reads an existing password (to check it): from stdin with `--password-stdin`, else prompted once
 * without echo on a terminal.
 * @throws UsageError when there is no terminal and no `--password-stdin`.
 */
export async function readExistingPassword(io: CliIo, fromStdin: boolean): Promise<string> {
	if (fromStdin) return readStdinPassword(io.stdin);
	if (!io.stdin.isTTY || typeof io.stdin.setRawMode !== "function") {
		throw new UsageError("No terminal to prompt for the password: pipe it in with --password-stdin");
	}
	return promptHidden(io, "Password: ");
}

/**
 * Refuses weak passwords: fewer than 8 characters (code points), blank, or longer than core
 * accepts (1024 UTF-8 bytes after NFKD normalisation).
 * @throws CommandError with code ERR_WEAK_PASSWORD.
 */
export function assertStrongPassword(password: string): void {
	const normalised = password.normalize("NFKD");
	if (password.trim() === "" || [...normalised].length < minLength) {
		throw new CommandError("ERR_WEAK_PASSWORD", `Password too weak: use at least ${minLength} characters`);
	}
	if (new TextEncoder().encode(normalised).length > maxBytes) {
		throw new CommandError("ERR_WEAK_PASSWORD", `Password too long: use at most ${maxBytes} bytes (UTF-8, after normalisation)`);
	}
}

async function readStdinPassword(stdin: CliIo["stdin"]): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stdin) {
		const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
		size += bytes.length;
		if (size > maxStdinBytes) throw new CommandError("ERR_WEAK_PASSWORD", "Password too long on stdin");
		chunks.push(bytes);
	}
	const text = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
	if (/[\r\n]/.test(text)) throw new CommandError("ERR_INVALID_ARGUMENT", "The password on stdin must be a single line");
	return text;
}

/** Reads one line from a terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
	const stdin = io.stdin;
	// Raw mode before the prompt: anything typed once the prompt shows is never echoed.
	stdin.setRawMode?.(true);
	stdin.setEncoding("utf8");
	stdin.resume();
	io.stderr.write(prompt);
	return new Promise((resolve, reject) => {
		let value = "";
		const finish = (outcome: () => void) => {
			stdin.off("data", onData);
			stdin.setRawMode?.(false);
			stdin.pause();
			io.stderr.write("\n");
			outcome();
		};
		const onData = (chunk: string | Buffer) => {
			for (const ch of String(chunk)) {
				if (ch === "\r" || ch === "\n") return finish(() => resolve(value));
				if (ch === "\u0003" || (ch === "\u0004" && value === "")) {
					return finish(() => reject(new CommandError("ERR_ABORTED", "Aborted")));
				}
				if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
				else if (ch >= " ") value += ch;
			}
		};
		stdin.on("data", onData);
	});
}
