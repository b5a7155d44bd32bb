/**
 * Edit distance with adjacent transpositions (optimal string alignment): `usres` is one edit from
 * `users`, as a typist sees it.
 */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const row = rows[i] as number[];
			const above = rows[i - 1] as number[];
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
			row[j] = best;
		}
	}
	return rows[a.length]?.[b.length] as number;
}

/** How many edits a typed word may be from a known one: one per three letters, at least one. */
function allowedEdits(word: string): number {
	return Math.max(1, Math.floor(word.length / 3));
}

/**
 * The known command (or command group) closest to what was typed, compared word by word: each word
 * within its allowance of edits, the fewest edits in all, then the longest match (`user list` ->
 * `users list` rather than `users`). `typed` is every bare word of the command line, so command
 * positionals may follow. Null when nothing is close.
 */
export function suggestCommand(typed: readonly string[], known: readonly string[]): string | null {
	let best: { name: string; edits: number; words: number } | null = null;
	for (const name of known) {
		const words = name.split(" ");
		if (words.length > typed.length) continue;
		let edits = 0;
		for (const [i, word] of words.entries()) {
			const distance = editDistance((typed[i] as string).toLowerCase(), word);
			if (distance > allowedEdits(word)) {
				edits = Number.POSITIVE_INFINITY;
				break;
			}
			edits += distance;
		}
		if (edits === Number.POSITIVE_INFINITY || edits === 0) continue;
		if (!best || edits < best.edits || (edits === best.edits && words.length > best.words)) best = { name, edits, words: words.length };
	}
	return best?.name ?? null;
}
