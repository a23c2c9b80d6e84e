import { conflict, type RefusalError } from "@cauldron/rpc";

/** NOT_FOUND's message for a team id that is not in the active organization. */
export const TEAM_NOT_FOUND = "Team not found in this organization";

/** NOT_FOUND's message for a user who is not on the team. */
export const NOT_ON_TEAM = "That user is not on this team";

/** The CONFLICT (reason `name_taken`) for a team name the organization uses already. */
export function teamNameTaken(name: string): RefusalError {
  return conflict("name_taken", `A team named "${name}" already exists in this organization`);
}
