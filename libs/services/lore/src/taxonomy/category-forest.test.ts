import type { CategoryNode } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import { orderDepthFirst } from "./category-forest";

function node(id: string, parentId: string | null, depth: number): CategoryNode {
  return { id, parentId, name: id, slug: id, sortOrder: 0, depth, childCount: 0 };
}

describe("orderDepthFirst", () => {
  it("follows each category by its children, keeping the siblings' order", () => {
    const levels = [
      node("a", null, 0),
      node("b", null, 0),
      node("a1", "a", 1),
      node("b1", "b", 1),
      node("a2", "a", 1),
      node("a1x", "a1", 2),
    ];
    expect(orderDepthFirst(levels).map((n) => n.id)).toEqual(["a", "a1", "a1x", "a2", "b", "b1"]);
  });

  it("starts from nodes whose parent is not among them, as a subtree's root", () => {
    const levels = [node("root", "outside", 0), node("child", "root", 1)];
    expect(orderDepthFirst(levels).map((n) => n.id)).toEqual(["root", "child"]);
  });
});
