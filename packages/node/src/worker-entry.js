// The worker side of createWorkerPoolHasher (worker-hasher.ts): plain JavaScript so that the same
// file runs from src (under vitest) and from dist (tsup copies it). It runs core's own functions, so
// the password policy and every format's rules are core's: Argon2id for new hashes and the hashes
// it recognises ("hash", "verify"), and verifyPassword for every other format ("verifyForeign").
import { parentPort, workerData } from "node:worker_threads";
import { createArgon2idHasher, verifyPassword } from "@identity/core";

const hasher = createArgon2idHasher(workerData?.params ?? {});

const operations = {
	hash: (task) => hasher.hash(task.password),
	verify: (task) => hasher.verify(task.password, task.hash),
	verifyForeign: (task) => verifyPassword(task.password, task.hash)
};

parentPort?.on("message", async (task) => {
	try {
		const operation = operations[task.op];
		if (!operation) throw new Error("Unknown password operation");
		parentPort?.postMessage({ id: task.id, result: await operation(task) });
	} catch (error) {
		// Codes and messages only: IdentityError messages never carry the password.
		parentPort?.postMessage({ id: task.id, error: { code: error?.code, message: String(error?.message ?? "Hashing failed") } });
	}
});
