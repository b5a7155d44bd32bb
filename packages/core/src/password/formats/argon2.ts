/** Argon2 (i, d, id) PHC strings, as hash-wasm, argon2-cffi and passlib write them. Internal. */
import { argon2d, argon2i, argon2id } from "hash-wasm";
import { constantTimeEqual } from "../constant-time.js";
import { decodeBase64, encodeBase64NoPad, parseDecimal, utf8 } from "../encoding.js";

/** Argon2id cost parameters. `memorySize` is in KiB. */
export interface Argon2Params {
	memorySize: number;
	iterations: number;
	parallelism: number;
}

/** A parsed `$argon2<type>$v=19$m=..,t=..,p=..$salt$hash` string. */
export interface Argon2Hash extends Argon2Params {
	type: "id" | "i" | "d";
	salt: Uint8Array;
	digest: Uint8Array;
}

/** Limits on parameters read from a stored hash, so a hostile hash cannot take minutes or gigabytes. */
export const ARGON2_LIMITS = { maxMemorySize: 262_144, maxIterations: 16, maxWork: 1_048_576, maxParallelism: 64 };

const PHC = /^\$argon2(id|i|d)\$v=19\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})\$([A-Za-z0-9+/]{11,128})\$([A-Za-z0-9+/]{6,256})$/;

/** Whether `hash` looks like an Argon2 PHC string (any variant). */
export function isArgon2Hash(hash: string): boolean {
	return /^\$argon2(id|i|d)\$/.test(hash);
}

/** Parses an Argon2 PHC string (version 19 only); null when malformed or over the limits. */
export function parseArgon2Hash(hash: string): Argon2Hash | null {
	const match = PHC.exec(hash);
	if (!match) return null;
	const memorySize = parseDecimal(match[2]);
	const iterations = parseDecimal(match[3]);
	const parallelism = parseDecimal(match[4]);
	const salt = decodeBase64(match[5] as string);
	const digest = decodeBase64(match[6] as string);
	if (memorySize === null || iterations === null || parallelism === null || !salt || !digest) return null;
	if (iterations < 1 || parallelism < 1 || parallelism > ARGON2_LIMITS.maxParallelism) return null;
	if (memorySize < 8 * parallelism || memorySize > ARGON2_LIMITS.maxMemorySize) return null;
	if (iterations > ARGON2_LIMITS.maxIterations || memorySize * iterations > ARGON2_LIMITS.maxWork) return null;
	if (salt.length < 8 || digest.length < 4) return null;
	return { type: match[1] as Argon2Hash["type"], memorySize, iterations, parallelism, salt, digest };
}

/** What a raw Argon2 computation takes: the variant, the password's bytes, the salt and the costs. */
export interface Argon2Input extends Argon2Params {
	type: Argon2Hash["type"];
	password: Uint8Array;
	salt: Uint8Array;
	hashLength: number;
}

/**
 * A raw Argon2 function (version 19): the `hashLength`-byte digest for `input`. The default is
 * hash-wasm's; `createArgon2idHasher({ argon2 })` takes another, such as a native binding.
 */
export type Argon2Function = (input: Argon2Input) => Promise<Uint8Array>;

/** hash-wasm's Argon2 (WebAssembly). */
export const wasmArgon2: Argon2Function = ({ type, password, salt, memorySize, iterations, parallelism, hashLength }) => {
	const fn = type === "id" ? argon2id : type === "i" ? argon2i : argon2d;
	return fn({ password, salt, memorySize, iterations, parallelism, hashLength, outputType: "binary" });
};

/** Formats an Argon2id PHC string. */
export function formatArgon2idHash(params: Argon2Params, salt: Uint8Array, digest: Uint8Array): string {
	const p = `m=${params.memorySize},t=${params.iterations},p=${params.parallelism}`;
	return `$argon2id$v=19$${p}$${encodeBase64NoPad(salt)}$${encodeBase64NoPad(digest)}`;
}

/** Whether `password` (exactly as given) matches an Argon2 PHC string; false when malformed or over the limits. */
export async function verifyArgon2(password: string, hash: string, argon2: Argon2Function = wasmArgon2): Promise<boolean> {
	const parsed = parseArgon2Hash(hash);
	if (!parsed) return false;
	const { type, salt, memorySize, iterations, parallelism, digest } = parsed;
	const derived = await argon2({ type, password: utf8(password), salt, memorySize, iterations, parallelism, hashLength: digest.length });
	return constantTimeEqual(derived, digest);
}
