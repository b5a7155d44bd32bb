import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type Argon2idHasherOptions, createArgon2idHasher, IdentityError, type IdentityErrorCode, type PasswordHasher } from "@identity/core";

/** Options of `createWorkerPoolHasher`. */
export interface WorkerPoolHasherOptions {
	/** How many worker threads at most. Default: CPU count - 1, between 1 and 4. Workers start on demand. */
	size?: number;
	/** Argon2id parameters, as for `createArgon2idHasher` (default: core's OWASP setting); the workers use hash-wasm. */
	params?: Omit<Argon2idHasherOptions, "argon2">;
}

/** A `PasswordHasher` whose work, for every format, runs on worker threads; `close()` stops them. */
export interface WorkerPoolHasher extends PasswordHasher {
	/** Verifies any format core supports (bcrypt, scrypt, PBKDF2, SHA-crypt, Argon2) on a worker thread. */
	verifyForeign(password: string, hash: string): Promise<boolean>;
	/** Terminates the workers; pending calls reject. The pool restarts workers if used again. */
	close(): Promise<void>;
}

interface Task {
	resolve(value: string | boolean): void;
	reject(error: Error): void;
}

interface Slot {
	worker: Worker;
	pending: Map<number, Task>;
}

/**
 * The flags a worker starts with: `undefined` (inherit the parent's, as Node does by default) unless
 * they carry the monorepo's `@identity/source` condition, which is then dropped: the worker is plain
 * Node, which must load @identity/core's built JavaScript, not its TypeScript source. Inheriting
 * matters: Node refuses V8 and process-wide flags (`--max-old-space-size`, `--expose-gc`) passed as
 * a worker's `execArgv` (ERR_WORKER_INVALID_EXEC_ARGV), but accepts them inherited.
 * @internal exported for its tests
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
	const out: string[] = [];
	let dropped = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === "--conditions=@identity/source" || arg === "-C=@identity/source") {
			dropped = true;
			continue;
		}
		if ((arg === "--conditions" || arg === "-C") && argv[i + 1] === "@identity/source") {
			dropped = true;
			i++;
			continue;
		}
		out.push(arg);
	}
	return dropped ? out : undefined;
}

/** A worker thread on `worker-entry.js`; with an explicit flag list Node refuses, it starts with none. */
function startWorker(workerData: unknown): Worker {
	const url = new URL("./worker-entry.js", import.meta.url);
	const execArgv = workerExecArgv();
	try {
		return new Worker(url, { workerData, execArgv });
	} catch (error) {
		if (execArgv === undefined || (error as { code?: unknown }).code !== "ERR_WORKER_INVALID_EXEC_ARGV") throw error;
		return new Worker(url, { workerData, execArgv: [] });
	}
}

const KNOWN_CODES = new Set<string>(["ERR_INVALID_ARGUMENT", "ERR_UNSUPPORTED_HASH"]);

/** The longest stored hash core looks at (core's `MAX_HASH_LENGTH`): longer ones are false without a message. */
const MAX_HASH_LENGTH = 1024;

/**
 * Password hashing on a pool of `node:worker_threads`, so it never blocks the event loop (SPEC:
 * "Hashing never blocks other requests", for every format). New hashes are core's Argon2id PHC
 * strings: they verify with `verifyPassword` and vice versa. `verifyForeign` takes every other
 * format core verifies (bcrypt, scrypt, PBKDF2, SHA-crypt) to a worker too, and the identity's
 * password service uses it. The password policy (1 to 1024 UTF-8 bytes after NFKD) is core's,
 * applied in the worker before any hashing. Workers are `unref`ed while idle, so they never keep a process alive.
 * @throws IdentityError `ERR_INVALID_ARGUMENT` for invalid Argon2id parameters or pool size.
 * @example
 * const identity = createIdentity({ store, secret, password: { hasher: createWorkerPoolHasher() } });
 */
export function createWorkerPoolHasher(options: WorkerPoolHasherOptions = {}): WorkerPoolHasher {
	const { argon2: _notCloneable, ...params } = (options.params ?? {}) as Argon2idHasherOptions; // workerData is cloned
	const local = createArgon2idHasher(params); // validates params; answers recognizes/needsRehash in-thread
	const size = options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1));
	if (!Number.isInteger(size) || size < 1) throw new IdentityError("ERR_INVALID_ARGUMENT", "Worker pool size must be a positive integer");
	const slots: Slot[] = [];
	let nextId = 0;

	function spawn(): Slot {
		const worker = startWorker({ params });
		worker.unref();
		const slot: Slot = { worker, pending: new Map() };
		const failAll = (error: Error) => {
			const index = slots.indexOf(slot);
			if (index >= 0) slots.splice(index, 1);
			for (const task of slot.pending.values()) task.reject(error);
			slot.pending.clear();
		};
		worker.on("message", (message: { id: number; result?: string | boolean; error?: { code?: string; message: string } }) => {
			const task = slot.pending.get(message.id);
			if (!task) return;
			slot.pending.delete(message.id);
			if (slot.pending.size === 0) worker.unref();
			if (!message.error) return task.resolve(message.result as string | boolean);
			const code = (KNOWN_CODES.has(message.error.code ?? "") ? message.error.code : "ERR_HASHER") as IdentityErrorCode;
			task.reject(new IdentityError(code, message.error.message));
		});
		worker.on("error", (cause) => failAll(new IdentityError("ERR_HASHER", "Password worker failed", { cause })));
		worker.on("exit", () => failAll(new IdentityError("ERR_HASHER", "Password worker stopped")));
		slots.push(slot);
		return slot;
	}

	function pick(): Slot {
		const idle = slots.find((s) => s.pending.size === 0);
		if (idle) return idle;
		if (slots.length < size) return spawn();
		return slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
	}

	function run<T extends string | boolean>(op: "hash" | "verify" | "verifyForeign", password: string, hash?: string): Promise<T> {
		const slot = pick();
		const id = nextId++;
		return new Promise<T>((resolve, reject) => {
			if (slot.pending.size === 0) slot.worker.ref(); // keep the process alive while work is pending
			slot.pending.set(id, { resolve: resolve as Task["resolve"], reject });
			slot.worker.postMessage({ id, op, password, hash });
		});
	}

	// Only the type and the hash's size are checked here; core, in the worker, applies the password
	// policy before any hashing work (so a refused password costs a message, never a hash).
	const verifiable = (password: unknown, hash: unknown): hash is string =>
		typeof password === "string" && typeof hash === "string" && hash.length > 0 && hash.length <= MAX_HASH_LENGTH;

	return {
		async hash(password) {
			if (typeof password !== "string") throw new IdentityError("ERR_INVALID_ARGUMENT", "Password must be a string");
			return run<string>("hash", password);
		},
		async verify(password, hash) {
			if (!verifiable(password, hash) || !local.recognizes(hash)) return false;
			return run<boolean>("verify", password, hash);
		},
		async verifyForeign(password, hash) {
			if (!verifiable(password, hash)) return false;
			return run<boolean>("verifyForeign", password, hash);
		},
		recognizes: (hash) => local.recognizes(hash),
		needsRehash: (hash) => local.needsRehash(hash),
		async close() {
			await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
		}
	};
}
