/** A bounded map that forgets the least recently used entry first. */
export interface LRUCache<V> {
	get(key: string): V | undefined;
	set(key: string, value: V): void;
	delete(key: string): void;
	readonly size: number;
}

export function createLRUCache<V>(capacity: number): LRUCache<V> {
	const map = new Map<string, V>();
	return {
		get(key) {
			const value = map.get(key);
			if (value === undefined) return undefined;
			// Re-insert so iteration order tracks recency.
			map.delete(key);
			map.set(key, value);
			return value;
		},
		set(key, value) {
			map.delete(key);
			map.set(key, value);
			if (map.size > capacity) {
				const oldest = map.keys().next().value as string;
				map.delete(oldest);
			}
		},
		delete(key) {
			map.delete(key);
		},
		get size() {
			return map.size;
		}
	};
}
