/** Runs wrk and reads its report. */
import { spawn } from "node:child_process";

/**
 * Resolves with wrk's version line, or null when wrk is not installed.
 * @returns {Promise<string | null>}
 */
export function wrkVersion() {
	return new Promise((resolve) => {
		const child = spawn("wrk", ["-v"], { stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		child.stdout.on("data", (chunk) => (output += chunk));
		child.stderr.on("data", (chunk) => (output += chunk));
		child.once("error", () => resolve(null));
		// `wrk -v` prints its version and usage, and exits 1.
		child.once("close", () => resolve(output.split("\n")[0]?.replace(/ Copyright.*$/, "").trim() || "wrk"));
	});
}

/**
 * One wrk run against `url`.
 * @param {{ url: string, headers: Record<string, string>, threads: number, connections: number, seconds: number }} options
 * @returns {Promise<{ requestsPerSecond: number, requests: number, non2xx: number, socketErrors: number, latencyMs: { p50: number | null, p99: number | null } }>}
 */
export function runWrk({ url, headers, threads, connections, seconds }) {
	const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, "--latency"];
	for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}: ${value}`);
	args.push(url);
	return new Promise((resolve, reject) => {
		const child = spawn("wrk", args, { stdio: ["ignore", "pipe", "pipe"] });
		let output = "";
		child.stdout.on("data", (chunk) => (output += chunk));
		child.stderr.on("data", (chunk) => (output += chunk));
		child.once("error", reject);
		child.once("close", (code) => {
			const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
			if (code !== 0 || !rate) return reject(new Error(`wrk ${args.join(" ")} failed (exit ${code}):\n${output}`));
			const count = (pattern) => Number(pattern.exec(output)?.[1] ?? 0);
			const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
			resolve({
				requestsPerSecond: Number(rate[1]),
				requests: count(/(\d+) requests in/),
				non2xx: count(/Non-2xx or 3xx responses: (\d+)/),
				socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
				latencyMs: { p50: latency(output, "50%"), p99: latency(output, "99%") }
			});
		});
	});
}

/** A percentile line of wrk's latency distribution ("99%   12.34ms"), in milliseconds. */
function latency(output, percentile) {
	const match = new RegExp(`^\\s*${percentile}\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
	if (!match) return null;
	const factor = { us: 0.001, ms: 1, s: 1000 }[match[2]];
	return Number((Number(match[1]) * factor).toFixed(3));
}
