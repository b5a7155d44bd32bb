import { expect, test } from "vitest";
import { type CommandSpec, formatCommandHelp, parseCommandArgs } from "./args.js";
import { UsageError } from "./errors.js";

const spec: CommandSpec = {
	name: "roles add",
	summary: "Give a user a role.",
	positionals: ["identity", "role"],
	options: { note: { type: "string", multiple: true, valueName: "text", description: "A note" } }
};

test("parseCommandArgs() reads positionals, repeated options and the global ones", () => {
	const args = parseCommandArgs(spec, ["alice", "--note", "a", "admin", "--note=b", "--json", "--db", "x.db"]);
	expect(args).toEqual({ positionals: ["alice", "admin"], values: { note: ["a", "b"], json: true, db: "x.db" }, help: false });
});

test("parseCommandArgs() throws UsageError for unknown options, missing, extra or blank positionals", () => {
	expect(() => parseCommandArgs(spec, ["alice"])).toThrow(new UsageError("Missing <role> (see: identity roles add --help)"));
	expect(() => parseCommandArgs(spec, ["a", "b", "c"])).toThrow(/Unexpected argument "c"/);
	expect(() => parseCommandArgs(spec, ["a", "b", "--nope"])).toThrow(UsageError);
	expect(() => parseCommandArgs(spec, ["a", "b", "--db"])).toThrow(UsageError);
	expect(() => parseCommandArgs(spec, [" ", "b"])).toThrow(/<identity> must not be empty/);
});

test("parseCommandArgs() with --help skips the positional checks; formatCommandHelp() lists every option", () => {
	expect(parseCommandArgs(spec, ["--help"]).help).toBe(true);
	const help = formatCommandHelp(spec);
	expect(help).toContain("Usage: identity roles add <identity> <role> [options]");
	expect(help).toMatch(/--note <text>\.\.\.\s+A note/);
	expect(help).toMatch(/-h, --help\s+Show help/);
});
