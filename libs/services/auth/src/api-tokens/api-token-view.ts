import type { ApiTokenView } from "@cauldron/contracts";
import type { ApiTokens } from "@cauldron/db";
import type { Selectable } from "kysely";

/** Shapes a token row for its owner: never the secret's hash. */
export function toApiTokenView(row: Selectable<ApiTokens>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    organizationId: row.organization_id,
    aal: row.aal === "aal2" ? "aal2" : "aal1",
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
