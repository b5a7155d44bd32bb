/** A bounded map that forgets the least recently used entry first. */
export interface LRUCache<V> {
	get(key: string): V | undefined;
	set(key: string, value: V): void;
	delete(key: string): void;
	readonly size: number;
}

interface Node<V> {
	key: string;
	value: V;
	newer: Node<V> | null;
	older: Node<V> | null;
}

/**
 * Exact LRU on a Map of list nodes: a hit relinks two pointers instead of deleting and re-inserting
 * the Map entry (the verified-credential cache is hit on every guarded request).
 */
export function createLRUCache<V>(capacity: number): LRUCache<V> {
	const map = new Map<string, Node<V>>();
	let newest: Node<V> | null = null;
	let oldest: Node<V> | null = null;

	const unlink = (node: Node<V>) => {
		if (node.newer) node.newer.older = node.older;
		else newest = node.older;
		if (node.older) node.older.newer = node.newer;
		else oldest = node.newer;
		node.newer = node.older = null;
	};
	const pushNewest = (node: Node<V>) => {
		node.older = newest;
		node.newer = null;
		if (newest) newest.newer = node;
		newest = node;
		if (!oldest) oldest = node;
	};

	return {
		get(key) {
			const node = map.get(key);
			if (node === undefined) return undefined;
			if (node !== newest) {
				unlink(node);
				pushNewest(node);
			}
			return node.value;
		},
		set(key, value) {
			const existing = map.get(key);
			if (existing) {
				existing.value = value;
				if (existing !== newest) {
					unlink(existing);
					pushNewest(existing);
				}
				return;
			}
			const node: Node<V> = { key, value, newer: null, older: null };
			map.set(key, node);
			pushNewest(node);
			if (map.size > capacity && oldest) {
				const evicted = oldest;
				unlink(evicted);
				map.delete(evicted.key);
			}
		},
		delete(key) {
			const node = map.get(key);
			if (!node) return;
			unlink(node);
			map.delete(key);
		},
		get size() {
			return map.size;
		}
	};
}
