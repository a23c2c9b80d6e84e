import { describe, expect, it } from "vitest";
import { semanticChunkFilter } from "./semantic-chunk-filter";

const TEAM_A = "00000000-0000-4000-8000-00000000000a";
const TEAM_B = "00000000-0000-4000-8000-00000000000b";
const DOCUMENT = "00000000-0000-4000-8000-0000000000d1";

describe("semanticChunkFilter", () => {
  it("leaves owners and admins unfiltered", () => {
    expect(semanticChunkFilter({ seesAll: true, teamIds: [] }, {})).toBeUndefined();
  });

  it("lets a member without teams see only unrestricted chunks", () => {
    expect(semanticChunkFilter({ seesAll: false, teamIds: [] }, {})).toEqual({ restricted: false });
  });

  it("lets a team member see unrestricted chunks and those of their teams", () => {
    expect(semanticChunkFilter({ seesAll: false, teamIds: [TEAM_A, TEAM_B] }, {})).toEqual({
      or: [{ restricted: false }, { teamIds: { containsAny: [TEAM_A, TEAM_B] } }],
    });
  });

  it("adds the team and document filters the metadata can answer", () => {
    expect(
      semanticChunkFilter({ seesAll: false, teamIds: [TEAM_A] }, { teamIds: [TEAM_B], documentIds: [DOCUMENT] }),
    ).toEqual({
      and: [
        { or: [{ restricted: false }, { teamIds: { containsAny: [TEAM_A] } }] },
        { teamIds: { containsAny: [TEAM_B] } },
        { documentId: { in: [DOCUMENT] } },
      ],
    });
  });

  it("splits many teams over several conditions, and gives up filtering beyond what one filter says", () => {
    const teams = (count: number) =>
      Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`);
    const split = semanticChunkFilter({ seesAll: false, teamIds: teams(450) }, {}) as { or: unknown[] };
    expect(split.or).toHaveLength(4);
    expect(semanticChunkFilter({ seesAll: false, teamIds: teams(200 * 19 + 1) }, {})).toBeUndefined();
  });
});
