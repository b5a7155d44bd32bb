/** A counter in a fixed window: its value and when the window ends. */
export interface WindowCounter {
	count: number;
	resetAt: Date;
}

/**
 * State shared by many instances of one application (the `coordinator` option). `@identity/redis`
 * implements it on Redis; without one, the store's counters and the user cache's `maxAgeSeconds`
 * apply. Every method is one atomic round trip: no read-then-write races between instances.
 */
export interface Coordinator {
	/**
	 * Adds `delta` (which may be negative) to the counter `key` and returns its new value. A missing
	 * or expired counter starts from 0 with a window of `windowSeconds` from now; an existing one
	 * keeps its window.
	 */
	incrementCounter(key: string, delta: number, windowSeconds: number): Promise<WindowCounter>;
	/** The counter `key`, or null when it is missing or expired. */
	readCounter(key: string): Promise<WindowCounter | null>;
	/** Deletes the counter `key`. */
	clearCounter(key: string): Promise<void>;
	/** True the first time `key` is consumed; false on every later call until `expiresAt` passes. */
	consumeToken(key: string, expiresAt: Date): Promise<boolean>;
	/** Tells every instance (this one included) that the cached state of user `userId` is stale. */
	publishInvalidation(userId: string): Promise<void>;
	/** Receives every instance's invalidations. Returns a function that stops the subscription. */
	subscribeInvalidations(listener: (userId: string) => void): () => void;
}
