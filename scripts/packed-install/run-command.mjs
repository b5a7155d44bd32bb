import { spawn } from "node:child_process";

/**
 * Runs a command to completion, writing `input` to its stdin; resolves with its output, rejects
 * with the tail of its output when it fails or is killed after `timeoutMs`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: Record<string, string | undefined>, input?: string, timeoutMs?: number }} [options]
 * @returns {Promise<{ stdout: string, stderr: string }>}
 */
export function runCommand(command, args, { cwd, env = process.env, input, timeoutMs = 600_000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
		child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			if (code === 0) return resolve({ stdout, stderr });
			const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-40).join("\n");
			reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) ${signal ? `was killed (${signal})` : `exited ${code}`}:\n${tail}`));
		});
		// A child may exit, or close its stdin, before reading what it is given: the write then meets
		// a broken pipe (EPIPE). Its exit code is the verdict, so that is not an error of its own.
		child.stdin.on("error", (error) => {
			if (error.code !== "EPIPE") reject(error);
		});
		child.stdin.end(input ?? "");
	});
}
