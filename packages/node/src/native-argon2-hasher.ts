import { type Argon2idHasherOptions, createArgon2idHasher, type PasswordHasher } from "@identity/core";
import { loadNativeArgon2, NATIVE_ARGON2_PACKAGE } from "./native-argon2.js";
import { createWorkerPoolHasher, type WorkerPoolHasher } from "./worker-hasher.js";

/** Options of `createNativeArgon2Hasher`. */
export interface NativeArgon2HasherOptions {
	/** Argon2id parameters, as for core's `createArgon2idHasher` (default: m = 19456 KiB, t = 2, p = 1). */
	params?: Omit<Argon2idHasherOptions, "argon2">;
	/**
	 * How many native hashes run at once (default: one per core, `os.availableParallelism()`); the
	 * others wait their turn. More than the cores slows every hash down (Argon2 is bound by memory).
	 */
	concurrency?: number;
	/** Worker threads for the other formats (bcrypt, scrypt, PBKDF2, SHA-crypt), started on first need. Default as `createWorkerPoolHasher`. */
	foreignPoolSize?: number;
}

/** A `PasswordHasher` on native Argon2id; `close()` stops the worker threads of the other formats. */
export interface NativeArgon2Hasher extends PasswordHasher {
	/** Verifies any format core supports, off the event loop: Argon2 natively, the others on worker threads. */
	verifyForeign(password: string, hash: string): Promise<boolean>;
	/** Terminates the worker threads (if any started); the hasher starts new ones if used again. */
	close(): Promise<void>;
}

/**
 * Argon2id on the native `@node-rs/argon2` (an optional dependency of @identity/node), which runs
 * each hash on libuv's thread pool, off the event loop, about 5x faster than hash-wasm (11 ms against
 * 51 ms per verify, measured on 2 cores). It is core's Argon2id hasher with the native computation plugged in, so
 * the PHC strings, parameter limits, NFKD and password bound are core's: its hashes verify with
 * `verifyPassword` and vice versa. Other
 * formats (bcrypt, scrypt, PBKDF2, SHA-crypt) go to a worker pool (`verifyForeign`), started on first need.
 * At most `concurrency` hashes run at once (default: one per core), which needs libuv's pool
 * (`UV_THREADPOOL_SIZE`, default 4) to be at least that large.
 * @throws IdentityError `ERR_HASHER` when `@node-rs/argon2` is not installed; `ERR_INVALID_ARGUMENT` for invalid parameters or concurrency.
 * @example
 * const hasher = await createNativeArgon2Hasher();
 * const identity = createIdentity({ store, secret, password: { hasher } });
 */
export async function createNativeArgon2Hasher(options: NativeArgon2HasherOptions = {}): Promise<NativeArgon2Hasher> {
	const params = options.params ?? {};
	const hasher = createArgon2idHasher({ ...params, argon2: await loadNativeArgon2(NATIVE_ARGON2_PACKAGE, options.concurrency) });
	let pool: WorkerPoolHasher | undefined;
	const foreign = () => (pool ??= createWorkerPoolHasher({ params, ...(options.foreignPoolSize === undefined ? {} : { size: options.foreignPoolSize }) }));
	if (options.foreignPoolSize !== undefined) foreign(); // validates the size now; workers still start on demand
	return {
		...hasher,
		verifyForeign: (password, hash) => (hasher.recognizes(hash) ? hasher.verify(password, hash) : foreign().verifyForeign(password, hash)),
		async close() {
			const running = pool;
			pool = undefined;
			await running?.close();
		}
	};
}
