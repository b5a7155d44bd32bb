import { StoreError } from "@identity/core";
import type { Connection, SubscriberConnection } from "./connection.js";
import { withDeadline } from "./deadline.js";

/** The listeners of one coordinator and the one duplicate connection that feeds them. */
export interface InvalidationHub {
	subscribe(listener: (userId: string) => void): () => void;
	ready(): Promise<void>;
	close(): Promise<void>;
}

interface Entry {
	listener: (userId: string) => void;
}

const firstRetryMs = 500;
const maxRetryMs = 30_000;

/**
 * Opens the subscriber lazily on the first listener and closes it after the last one leaves. If the
 * connection gives up while listeners remain, it is reopened with a capped exponential backoff.
 */
export function createInvalidationHub(connection: Connection, channel: string, timeoutMs: number, report: (error: Error) => void): InvalidationHub {
	const entries = new Set<Entry>();
	let current: SubscriberConnection | null = null;
	let retryTimer: ReturnType<typeof setTimeout> | null = null;
	let retryMs = firstRetryMs;
	let closing: Promise<void> = Promise.resolve();

	function deliver(userId: string): void {
		// A snapshot: a listener that unsubscribes (itself or another) during delivery is safe.
		for (const entry of [...entries]) {
			if (!entries.has(entry)) continue;
			try {
				entry.listener(userId);
			} catch (error) {
				report(error instanceof Error ? error : new Error(String(error)));
			}
		}
	}

	function stop(): void {
		if (retryTimer) clearTimeout(retryTimer);
		retryTimer = null;
		const closed = current;
		current = null;
		if (closed) closing = closing.then(() => closed.close());
	}

	function scheduleRetry(): void {
		if (retryTimer || entries.size === 0) return;
		retryTimer = setTimeout(() => {
			retryTimer = null;
			if (entries.size > 0 && !current) open();
		}, retryMs);
		retryTimer.unref?.();
		retryMs = Math.min(retryMs * 2, maxRetryMs);
	}

	function lose(opened: SubscriberConnection, error: unknown): void {
		if (current !== opened) return;
		report(new StoreError("Redis invalidation subscription lost; reconnecting", { cause: error }));
		stop();
		scheduleRetry();
	}

	function open(): void {
		const opened: SubscriberConnection = connection.openSubscriber(channel, {
			message: deliver,
			error: (error) => report(new StoreError("Redis invalidation subscriber connection error", { cause: error })),
			lost: (error) => lose(opened, error)
		});
		current = opened;
		opened.subscribed.then(
			() => {
				if (current === opened) retryMs = firstRetryMs;
			},
			(error: unknown) => lose(opened, error)
		);
	}

	return {
		subscribe(listener) {
			const entry: Entry = { listener };
			entries.add(entry);
			if (!current && !retryTimer) open();
			return () => {
				if (!entries.delete(entry)) return;
				if (entries.size === 0) stop();
			};
		},
		async ready() {
			if (entries.size === 0) return;
			const waiting = current;
			if (!waiting) throw new StoreError("Redis invalidation subscription is down; retrying");
			await withDeadline("subscribe", timeoutMs, () => waiting.subscribed);
		},
		async close() {
			entries.clear();
			stop();
			await closing;
		}
	};
}
