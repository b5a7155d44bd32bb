// The worker side of createWorkerPoolHasher (worker-hasher.ts): plain JavaScript so that the same
// file runs from src (under vitest) and from dist (tsup copies it). It hashes with core's Argon2id.
import { parentPort, workerData } from "node:worker_threads";
import { createArgon2idHasher } from "@identity/core";

const hasher = createArgon2idHasher(workerData?.params ?? {});

parentPort?.on("message", async (task) => {
	try {
		const result = task.op === "hash" ? await hasher.hash(task.password) : await hasher.verify(task.password, task.hash);
		parentPort?.postMessage({ id: task.id, result });
	} catch (error) {
		// Codes and messages only: IdentityError messages never carry the password.
		parentPort?.postMessage({ id: task.id, error: { code: error?.code, message: String(error?.message ?? "Hashing failed") } });
	}
});
