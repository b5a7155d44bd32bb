import { expect, test } from "vitest";
import { editDistance, suggestCommand } from "./suggest.js";

const known = ["users", "users list", "users create", "users passkeys", "users passkeys list", "roles", "roles add", "migrate", "init", "secret"];

test("editDistance() counts insertions, deletions, substitutions and adjacent transpositions", () => {
	expect(editDistance("users", "users")).toBe(0);
	expect(editDistance("usres", "users")).toBe(1);
	expect(editDistance("user", "users")).toBe(1);
	expect(editDistance("migrat", "migrate")).toBe(1);
	expect(editDistance("", "init")).toBe(4);
	expect(editDistance("kitten", "sitting")).toBe(3);
});

test("suggestCommand() prefers the fewest edits, then the longest command", () => {
	expect(suggestCommand(["user", "list"], known)).toBe("users list");
	expect(suggestCommand(["usres"], known)).toBe("users");
	expect(suggestCommand(["users", "passkey", "list", "alice"], known)).toBe("users passkeys list");
	expect(suggestCommand(["rolse", "add", "alice", "admin"], known)).toBe("roles add");
});

test("suggestCommand() returns null when nothing is close, or the words are already a command", () => {
	expect(suggestCommand(["frobnicate"], known)).toBeNull();
	expect(suggestCommand(["users", "frobnicate"], known)).toBeNull();
	expect(suggestCommand(["xy"], known)).toBeNull();
	expect(suggestCommand(["users"], known)).toBeNull();
});
