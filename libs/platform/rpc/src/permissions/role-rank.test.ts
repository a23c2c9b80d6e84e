import { describe, expect, it } from "vitest";
import { holdsAmong, outranks, rankShortfall } from "./role-rank";

const owner = ["organizations:delete", "organizations:update", "members:update", "documents:read"];
const admin = ["organizations:update", "members:update", "documents:read"];

describe("role rank", () => {
  it("lets an actor who holds everything the holder holds outrank them, equal rank included", () => {
    expect(outranks(holdsAmong(owner), admin)).toBe(true);
    expect(outranks(holdsAmong(admin), admin)).toBe(true);
  });

  it("names what a lower-ranked actor lacks", () => {
    expect(outranks(holdsAmong(admin), owner)).toBe(false);
    expect(rankShortfall(holdsAmong(admin), [...owner, "organizations:delete"])).toEqual(["organizations:delete"]);
  });

  it("counts wildcard grants, but never lets a narrow grant cover a wildcard the holder has", () => {
    expect(outranks(holdsAmong(["members:*"]), ["members:update", "members:remove"])).toBe(true);
    expect(outranks(holdsAmong(["*:*"]), owner)).toBe(true);
    expect(rankShortfall(holdsAmong(["members:*"]), ["members:update", "organizations:delete"])).toEqual([
      "organizations:delete",
    ]);
    expect(rankShortfall(holdsAmong(["documents:read"]), ["documents:*"])).toEqual(["documents:*"]);
  });

  it("lets a platform administrator outrank anyone", () => {
    expect(outranks(holdsAmong(["users:admin"]), ["organizations:delete", "billing:manage"])).toBe(true);
  });

  it("is outranked by nothing when the holder holds nothing", () => {
    expect(outranks(holdsAmong([]), [])).toBe(true);
  });

  it("takes the actor's effective permissions, so a narrowed token does not outrank", () => {
    const narrowed = (permission: string) => permission === "members:update";
    expect(rankShortfall(narrowed, ["members:update", "documents:read"])).toEqual(["documents:read"]);
  });
});
