/** Whether this runtime may compile WebAssembly from bytes. Internal. */

// The smallest valid module: the magic "\0asm" and version 1.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let cached: boolean | undefined;

/**
 * True where `new WebAssembly.Module(bytes)` works; false where the embedder bars code generation
 * from bytes (Cloudflare workerd: "Wasm code generation disallowed by embedder") or WebAssembly is
 * absent. Checked once, lazily, with a synchronous compile of an 8-byte module (allowed on every
 * browser main thread, whose limit for synchronous compiles is 4 KB), so it needs no Node import.
 */
export function canCompileWasm(): boolean {
	if (cached === undefined) {
		try {
			cached = typeof WebAssembly === "object" && new WebAssembly.Module(EMPTY_MODULE) instanceof WebAssembly.Module;
		} catch {
			cached = false;
		}
	}
	return cached;
}
