// A second (third, ...) application instance for the cross-process tests, run by `node` after
// test/processes.ts bundles it. argv: <client kind name> <redis url> <prefix>. It reads one JSON
// command per stdin line and answers with JSON lines on stdout.
import { createInterface } from "node:readline";
import { createRedisCoordinator } from "../src/index.js";
import { clientKinds } from "./clients.js";

type Command =
	| { op: "increment"; key: string; times: number; parallel: number; windowSeconds: number }
	| { op: "consume"; key: string; times: number; expiresAt: number }
	| { op: "listen" }
	| { op: "publish"; userIds: string[]; gapMs: number }
	| { op: "exit" };

const [kindName, url, prefix] = process.argv.slice(2);
const kind = clientKinds.find((k) => k.name === kindName);
if (!kind || !url || !prefix) throw new Error(`usage: worker <kind> <url> <prefix> (got ${process.argv.slice(2).join(" ")})`);

const redis = await kind.open(url);
const coordinator = createRedisCoordinator(redis.client, { prefix });
const send = (message: object): void => {
	process.stdout.write(`${JSON.stringify(message)}\n`);
};
/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes. */
const now = () => performance.timeOrigin + performance.now();

async function handle(command: Command): Promise<void> {
	switch (command.op) {
		case "increment": {
			// `parallel` calls in flight at a time, so the two processes' calls interleave on the server.
			const counts: number[] = [];
			let next = 0;
			const lane = async () => {
				while (next < command.times) {
					next += 1;
					counts.push((await coordinator.incrementCounter(command.key, 1, command.windowSeconds)).count);
				}
			};
			await Promise.all(Array.from({ length: command.parallel }, lane));
			return send({ op: "increment", counts });
		}
		case "consume": {
			const expiresAt = new Date(command.expiresAt);
			const results = await Promise.all(Array.from({ length: command.times }, () => coordinator.consumeToken(command.key, expiresAt)));
			return send({ op: "consume", results });
		}
		case "listen": {
			coordinator.subscribeInvalidations((userId) => send({ op: "message", userId, at: now() }));
			await coordinator.ready();
			return send({ op: "listening" });
		}
		case "publish": {
			const sentAt: number[] = [];
			for (const userId of command.userIds) {
				sentAt.push(now());
				await coordinator.publishInvalidation(userId);
				if (command.gapMs) await new Promise((resolve) => setTimeout(resolve, command.gapMs));
			}
			return send({ op: "published", sentAt });
		}
		case "exit": {
			await coordinator.close();
			await redis.close();
			process.exit(0);
		}
	}
}

send({ op: "ready" });
for await (const line of createInterface({ input: process.stdin })) {
	if (line.trim()) await handle(JSON.parse(line) as Command).catch((error: Error) => send({ op: "error", message: error.message }));
}
