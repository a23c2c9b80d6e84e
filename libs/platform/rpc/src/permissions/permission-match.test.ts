import { describe, expect, it } from "vitest";
import { grantCovers, isEffectivelyGranted, isGranted, isPermissionPattern } from "./permission-match";

describe("permission matching", () => {
  it("accepts resource:action strings and wildcard patterns only", () => {
    expect(isPermissionPattern("documents:read")).toBe(true);
    expect(isPermissionPattern("team.members:add")).toBe(true);
    expect(isPermissionPattern("documents:*")).toBe(true);
    expect(isPermissionPattern("*:*")).toBe(true);
    expect(isPermissionPattern("documents")).toBe(false);
    expect(isPermissionPattern("Documents:Read")).toBe(false);
    expect(isPermissionPattern("documents:read:extra")).toBe(false);
    expect(isPermissionPattern("")).toBe(false);
  });

  it("lets an exact grant cover only the same permission", () => {
    expect(grantCovers("documents:read", "documents:read")).toBe(true);
    expect(grantCovers("documents:read", "documents:update")).toBe(false);
    expect(grantCovers("documents:read", "teams:read")).toBe(false);
  });

  it("lets wildcards cover every resource or action", () => {
    expect(grantCovers("documents:*", "documents:delete")).toBe(true);
    expect(grantCovers("*:read", "teams:read")).toBe(true);
    expect(grantCovers("*:read", "teams:update")).toBe(false);
    expect(grantCovers("*:*", "anything:at_all")).toBe(true);
  });

  it("never lets a malformed grant cover anything", () => {
    expect(grantCovers("documents", "documents:read")).toBe(false);
    expect(isGranted(["", ":"], "documents:read")).toBe(false);
  });

  it("narrows a user's grants by the scopes of the token in use", () => {
    const grants = ["documents:*", "teams:read"];
    expect(isEffectivelyGranted(grants, null, "documents:delete")).toBe(true);
    expect(isEffectivelyGranted(grants, ["documents:read"], "documents:read")).toBe(true);
    expect(isEffectivelyGranted(grants, ["documents:read"], "documents:delete")).toBe(false);
    expect(isEffectivelyGranted(grants, ["*:*"], "alerts:manage")).toBe(false);
  });
});
