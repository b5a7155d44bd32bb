/**
 * The store's statements that may run as named prepared statements on PostgreSQL, by SQL text.
 * Shared through `globalThis` so that a pool wrapped by one copy of this package names the
 * statements of a store made by another copy. Only the store registers texts here (a few per store
 * configuration), so the registry stays small however many queries an application runs.
 */
const REGISTRY = Symbol.for("@identity/kysely.prepared-statements");
type Registry = Map<string, string>;

function registry(): Registry {
	const holder = globalThis as { [REGISTRY]?: Registry };
	return (holder[REGISTRY] ??= new Map());
}

/**
 * The statement's name: derived from its text alone (two 32-bit hashes and the length), so every
 * copy of the package gives one text the same name and two texts different ones.
 */
function nameOf(text: string): string {
	let fnv = 0x811c9dc5;
	let djb = 5381;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		fnv = Math.imul(fnv ^ code, 0x01000193) >>> 0;
		djb = (Math.imul(djb, 33) + code) >>> 0;
	}
	return `identity_${fnv.toString(16).padStart(8, "0")}${djb.toString(16).padStart(8, "0")}_${text.length.toString(36)}`;
}

/** Marks `texts` (the store's hot reads) as statements to prepare by name. */
export function registerPreparedStatements(texts: Iterable<string>): void {
	const names = registry();
	for (const text of texts) if (!names.has(text)) names.set(text, nameOf(text));
}

/** The name to prepare `text` under, or undefined for any statement the store did not register. */
export function preparedStatementName(text: string): string | undefined {
	return registry().get(text);
}
