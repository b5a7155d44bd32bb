import { expect, test } from "vitest";
import { limitConcurrency } from "./concurrency-limit.js";

/** A task whose calls settle when the test says, recording how many ran at once. */
function controlledTask() {
	const calls: { arg: number; settle: (error?: Error) => void }[] = [];
	let inFlight = 0;
	let most = 0;
	const task = (arg: number) =>
		new Promise<number>((resolve, reject) => {
			inFlight++;
			most = Math.max(most, inFlight);
			calls.push({ arg, settle: (error) => (inFlight--, error ? reject(error) : resolve(arg * 10)) });
		});
	return { task, calls, most: () => most };
}
const turns = async (n = 5) => {
	for (let i = 0; i < n; i++) await Promise.resolve();
};

test("runs at most `limit` calls at once, in the order they came, and passes results through", async () => {
	const { task, calls, most } = controlledTask();
	const limited = limitConcurrency(task, 2);
	const results = [1, 2, 3, 4, 5].map((n) => limited(n));
	await turns();
	expect(calls.map((c) => c.arg)).toEqual([1, 2]);
	calls[1]!.settle();
	await turns();
	expect(calls.map((c) => c.arg)).toEqual([1, 2, 3]);
	calls[0]!.settle();
	calls[2]!.settle();
	await turns();
	expect(calls.map((c) => c.arg)).toEqual([1, 2, 3, 4, 5]);
	calls[3]!.settle();
	calls[4]!.settle();
	expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
	expect(most()).toBe(2);
});

test("a rejected or throwing call frees its place and rejects its caller only", async () => {
	const { task, calls } = controlledTask();
	let throwNext = true;
	const limited = limitConcurrency((n: number) => {
		if (n === 0 && throwNext) {
			throwNext = false;
			throw new Error("sync failure");
		}
		return task(n);
	}, 1);
	const first = limited(1);
	const second = limited(2);
	const third = limited(0);
	const fourth = limited(4);
	await turns();
	calls[0]!.settle(new Error("failed"));
	await expect(first).rejects.toThrow("failed");
	await turns();
	calls[1]!.settle();
	await expect(second).resolves.toBe(20);
	await expect(third).rejects.toThrow("sync failure");
	await turns();
	calls[2]!.settle();
	await expect(fourth).resolves.toBe(40);
	expect(calls.map((c) => c.arg)).toEqual([1, 2, 4]);
});

test("a flood of queued calls all run, each once, in order, with the limit kept", async () => {
	let inFlight = 0;
	let most = 0;
	const order: number[] = [];
	const limited = limitConcurrency(async (n: number) => {
		inFlight++;
		most = Math.max(most, inFlight);
		order.push(n);
		await new Promise((resolve) => setImmediate(resolve));
		inFlight--;
		return n;
	}, 3);
	const count = 20_000;
	const results = await Promise.all(Array.from({ length: count }, (_, n) => limited(n)));
	expect(results).toEqual(Array.from({ length: count }, (_, n) => n));
	expect(order).toEqual(results);
	expect(most).toBe(3);
});
