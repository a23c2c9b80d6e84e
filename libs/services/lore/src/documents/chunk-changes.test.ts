import { CHUNKS_PER_EVENT, DROPS_PER_EVENT } from "@cauldron/contracts";
import { describe, expect, it } from "vitest";
import {
  chunkChangesOf,
  chunkHash,
  chunkPartCount,
  chunkParts,
  planChunkLineage,
  type ChunkChange,
  type HashedChunk,
} from "./chunk-changes";

const chunk = (id: string, hash: string, embeddedAs: string | null = null): HashedChunk => ({ id, hash, embeddedAs });

describe("planChunkLineage", () => {
  it("keeps the embedding of each chunk whose text the previous version has, and embeds the rest", () => {
    const previous = [chunk("p0", "a"), chunk("p1", "b", "origin-b")];
    const lineage = planChunkLineage(previous, ["b", "c", "a"]);
    expect(lineage).toEqual({ keptFrom: [previous[1], null, previous[0]], drop: [] });
    const stored = ["n0", "n1", "n2"].map((id, index) => ({ id, content: "BCA"[index]! }));
    expect(chunkChangesOf(stored, lineage.keptFrom)).toEqual([
      { kind: "keep", fromChunkId: "p1", toChunkId: "n0", embeddedAs: "origin-b" },
      { kind: "embed", chunkId: "n1", content: "C" },
      { kind: "keep", fromChunkId: "p0", toChunkId: "n2", embeddedAs: "p0" },
    ]);
  });

  it("lets one new chunk keep a previous chunk's embedding, embedding repeats of its text", () => {
    const previous = [chunk("p0", "a")];
    expect(planChunkLineage(previous, ["a", "a"]).keptFrom).toEqual([previous[0], null]);
  });

  it("drops the embeddings of previous chunks no new chunk keeps, wherever they may be stored", () => {
    const previous = [chunk("p0", "a"), chunk("p1", "b", "origin-b"), chunk("p2", "c", "p2"), chunk("p3", "d")];
    expect(planChunkLineage(previous, ["d"]).drop).toEqual(["p0", "p1", "origin-b", "p2"]);
  });

  it("hashes text as the database's md5(content) does, UTF-8 included", () => {
    expect(chunkHash("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    // select md5('Grüße, 世界') on a UTF-8 database
    expect(chunkHash("Grüße, 世界")).toBe("3f09d838cd485bfad6c29ac11286f1ac");
  });
});

describe("chunkParts", () => {
  it("sends an empty version as one empty part", () => {
    expect(chunkPartCount(0)).toBe(1);
    expect(chunkParts({ changes: [], drop: [] })).toEqual([{ embed: [], keep: [], drop: [] }]);
  });

  it("splits changes in order into parts of at most CHUNKS_PER_EVENT chunks", () => {
    const changes: ChunkChange[] = Array.from({ length: CHUNKS_PER_EVENT * 2 + 1 }, (_, index) =>
      index % 2 === 0
        ? { kind: "embed", chunkId: `n${index}`, content: `text ${index}` }
        : { kind: "keep", fromChunkId: `p${index}`, toChunkId: `n${index}`, embeddedAs: `o${index}` },
    );
    const parts = chunkParts({ changes, drop: ["gone"] });
    expect(parts).toHaveLength(chunkPartCount(changes.length));
    expect(parts.map((part) => part.embed.length + part.keep.length)).toEqual([CHUNKS_PER_EVENT, CHUNKS_PER_EVENT, 1]);
    expect(parts.map((part) => part.drop)).toEqual([["gone"], [], []]);
    expect(
      parts
        .flatMap((part) => [...part.embed.map((chunk) => chunk.chunkId), ...part.keep.map((pair) => pair.toChunkId)])
        .sort(),
    ).toEqual(changes.map((change) => (change.kind === "embed" ? change.chunkId : change.toChunkId)).sort());
  });

  it("adds parts when a version drops more embeddings than its chunks' parts carry", () => {
    const drop = Array.from({ length: DROPS_PER_EVENT + 1 }, (_, index) => `gone-${index}`);
    const parts = chunkParts({ changes: [{ kind: "embed", chunkId: "n0", content: "new" }], drop });
    expect(parts).toHaveLength(2);
    expect(parts.map((part) => part.drop.length)).toEqual([DROPS_PER_EVENT, 1]);
    expect(parts[1]).toMatchObject({ embed: [], keep: [] });
  });
});
