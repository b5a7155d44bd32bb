import { availableParallelism } from "node:os";
import { IdentityError, type Argon2idHasherOptions } from "@identity/core";
import { limitConcurrency } from "./concurrency-limit.js";

/** core's raw Argon2 function type (`createArgon2idHasher({ argon2 })`). */
export type Argon2Function = NonNullable<Argon2idHasherOptions["argon2"]>;

/** The part of `@node-rs/argon2` used here (declared, so that the optional package is not needed to type-check). */
interface NodeRsArgon2 {
	hashRaw(
		password: Uint8Array,
		options: { algorithm: number; version: number; memoryCost: number; timeCost: number; parallelism: number; outputLen: number; salt: Uint8Array }
	): Promise<Uint8Array>;
}

// @node-rs/argon2's `const enum`s: Algorithm { Argon2d = 0, Argon2i = 1, Argon2id = 2 }, Version { V0x13 = 1 }.
const ALGORITHMS = { d: 0, i: 1, id: 2 } as const;
const VERSION_19 = 1;

/** The optional native binding's package name. */
export const NATIVE_ARGON2_PACKAGE = "@node-rs/argon2";

/** Whether `value` is a valid number of hashes at once. */
const isValidConcurrency = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 1024;

/**
 * core's raw Argon2 function on the native `@node-rs/argon2` (Rust; each call runs on libuv's
 * thread pool, off the event loop), loaded with a dynamic import so that the package stays optional.
 * At most `concurrency` hashes run at once (default: one per core); the others wait in order.
 * Argon2 is bound by memory traffic: on 2 cores, 4 at once (libuv's default pool) gave 198
 * verifies/s where 2 at once gave 241, and a cap also leaves libuv's other threads to file and DNS work.
 * @throws IdentityError `ERR_HASHER` when the package cannot be loaded (not installed, no binary for this platform).
 */
export async function loadNativeArgon2(specifier: string = NATIVE_ARGON2_PACKAGE, concurrency: number = availableParallelism()): Promise<Argon2Function> {
	if (!isValidConcurrency(concurrency)) throw new IdentityError("ERR_INVALID_ARGUMENT", "concurrency must be a whole number from 1 to 1024");
	let binding: NodeRsArgon2;
	try {
		const loaded = (await import(specifier)) as Partial<NodeRsArgon2> & { default?: Partial<NodeRsArgon2> };
		const hashRaw = loaded.hashRaw ?? loaded.default?.hashRaw;
		if (typeof hashRaw !== "function") throw new TypeError("hashRaw is missing");
		binding = { hashRaw };
	} catch (cause) {
		throw new IdentityError(
			"ERR_HASHER",
			`The native Argon2id hasher needs the optional package ${NATIVE_ARGON2_PACKAGE} (npm install ${NATIVE_ARGON2_PACKAGE}), which could not be loaded`,
			{ cause }
		);
	}
	const hashRaw = limitConcurrency(binding.hashRaw, concurrency);
	return async ({ type, password, salt, memorySize, iterations, parallelism, hashLength }) => {
		const options = { algorithm: ALGORITHMS[type], version: VERSION_19, memoryCost: memorySize, timeCost: iterations, parallelism, outputLen: hashLength, salt };
		return new Uint8Array(await hashRaw(password, options));
	};
}
