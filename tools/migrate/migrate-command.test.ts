import { createTestDatabase, type TestDatabase } from "@cauldron/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMigrateCommand, runMigrateCommand } from "./migrate-command";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.destroy();
});

async function run(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runMigrateCommand(parseMigrateCommand(args), database.ownerUrl, (line) => lines.push(line));
  return lines;
}

describe("migrate command", () => {
  it.each([[["up"]], [["down", "--all"]], [["down", "--steps", "2"]], [["status"]], [["down"]]])(
    "accepts %j",
    (args) => {
      expect(() => parseMigrateCommand(args)).not.toThrow();
    },
  );

  it.each([[[]], [["sideways"]], [["down", "--steps", "0"]], [["down", "--steps", "x"]], [["up", "--all"]]])(
    "rejects %j with the usage line",
    (args) => {
      expect(() => parseMigrateCommand(args)).toThrow(/usage: npm run migrate/);
    },
  );

  it("prints per-migration progress and a summary going down and back up", async () => {
    const down = await run("down", "--steps", "2");
    expect(down[0]).toMatch(/^migrating down \[1\/2\] \d{4}_\d{2}_\d{2}_\d{4}_\w+$/);
    expect(down.at(-1)).toMatch(/^reverted 2 migration\(s\) in \d+ ms$/);

    const status = await run("status");
    expect(status.filter((line) => line.startsWith("pending"))).toHaveLength(2);
    expect(status.at(-1)).toMatch(/ applied, 2 pending$/);

    const up = await run("up");
    expect(up.slice(0, 2)).toEqual([
      expect.stringMatching(/^migrating up \[1\/2\] /),
      expect.stringMatching(/^migrating up \[2\/2\] /),
    ]);
    expect(await run("up")).toEqual(["schema already up to date"]);
  });
});
