import type { LoreSearchFilters, MetadataFilter } from "@cauldron/contracts";
import type { CallerDocumentAccess } from "./caller-document-access";

/** Most values one `containsAny` condition of the vector service takes. */
const TEAMS_PER_CONDITION = 200;
/** Most branches of one `or` of the vector service's filters. */
const BRANCHES_PER_OR = 20;

function anyOfTeams(teamIds: readonly string[]): MetadataFilter[] {
  const conditions: MetadataFilter[] = [];
  for (let start = 0; start < teamIds.length; start += TEAMS_PER_CONDITION) {
    conditions.push({ teamIds: { containsAny: teamIds.slice(start, start + TEAMS_PER_CONDITION) } });
  }
  return conditions;
}

function teamAccessFilter(access: CallerDocumentAccess): MetadataFilter | undefined {
  if (access.seesAll) return undefined;
  const branches = [{ restricted: false }, ...anyOfTeams(access.teamIds)];
  // Beyond what one filter can say the vector service is asked unfiltered; the chunks it finds
  // are loaded under RLS all the same, so nothing unseen comes back, only fewer hits may.
  if (branches.length > BRANCHES_PER_OR) return undefined;
  return branches.length === 1 ? branches[0] : { or: branches };
}

/**
 * The metadata filter of a semantic search over lore chunk embeddings (metadata `{ documentId,
 * version, teamIds, restricted }`): the caller's team access, so hits of documents they may not
 * see do not take places of the top k, plus the filters the metadata can answer. The rest
 * (category, tags, status, current version) is applied when the chunks are loaded.
 */
export function semanticChunkFilter(
  access: CallerDocumentAccess,
  filters: LoreSearchFilters,
): MetadataFilter | undefined {
  const parts: MetadataFilter[] = [];
  const teamAccess = teamAccessFilter(access);
  if (teamAccess) parts.push(teamAccess);
  if (filters.teamIds) {
    const ofTeams = anyOfTeams(filters.teamIds);
    parts.push(ofTeams.length === 1 ? ofTeams[0]! : { or: ofTeams });
  }
  if (filters.documentIds) parts.push({ documentId: { in: filters.documentIds } });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}
