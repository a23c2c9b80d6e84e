import { describe, expect, it } from "vitest";
import { EventsUsageError, parseEventsArguments } from "./events-arguments";

describe("events command line", () => {
  it("reads dead-letters with its defaults, and with a group and a limit", () => {
    expect(parseEventsArguments(["dead-letters"])).toEqual({ action: "dead-letters", limit: 50, prefix: "cauldron:" });
    expect(parseEventsArguments(["dead-letters", "--group", "lore-extraction", "--limit", "5"])).toEqual({
      action: "dead-letters",
      group: "lore-extraction",
      limit: 5,
      prefix: "cauldron:",
    });
  });

  it("reads a replay of one entry, and of all entries of a group", () => {
    expect(parseEventsArguments(["replay", "1733150000000-0"])).toEqual({
      action: "replay",
      entryId: "1733150000000-0",
      prefix: "cauldron:",
    });
    expect(parseEventsArguments(["replay", "--all", "--group", "vector-lore-chunks", "--prefix", "staging:"])).toEqual({
      action: "replay-all",
      group: "vector-lore-chunks",
      prefix: "staging:",
    });
  });

  it.each([
    [[], /no command given/],
    [["purge"], /unknown command "purge"/],
    [["replay"], /<entry-id> is missing/],
    [["replay", "1733150000000"], /<entry-id> must be a dead-letter entry id/],
    [["replay", "1-0", "2-0"], /unexpected argument "2-0"/],
    [["replay", "--all", "1-0"], /unexpected argument "1-0"/],
    [["replay", "1-0", "--group", "mailer"], /--group cannot be used with replay/],
    [["replay", "--all", "--limit", "3"], /--limit cannot be used with replay --all/],
    [["dead-letters", "--all"], /--all cannot be used with dead-letters/],
    [["dead-letters", "--limit", "0"], /--limit must be at least 1/],
    [["dead-letters", "--limit", "ten"], /--limit must be a number/],
    [["dead-letters", "--group", "two words"], /--group must be a consumer group name/],
    [["dead-letters", "--since", "1h"], /Unknown option '--since'/],
  ])("refuses %j with a message that says what to fix, followed by the usage", (args, problem) => {
    const refusal = (() => {
      try {
        parseEventsArguments(args);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(EventsUsageError);
    expect((refusal as EventsUsageError).message).toMatch(problem);
    expect((refusal as EventsUsageError).message).toContain("usage: npm run events -- dead-letters");
  });
});
