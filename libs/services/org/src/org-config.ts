import { loadConfig } from "@cauldron/config";
import { z } from "zod";

/** The org service's own settings, beside the platform's. */
export const orgEnvSchema = z.object({
  ORG_INVITATION_URL: z
    .string()
    .url("must be the URL of the page that accepts invitations, e.g. https://app.example.com/invitations/accept")
    .default("http://localhost:3000/invitations/accept"),
  ORG_INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
  /** Invitations one member may send per hour; counted before each is written. */
  ORG_INVITATIONS_PER_INVITER_PER_HOUR: z.coerce.number().int().min(1).default(50),
  /** Invitations one organization may send per hour, whoever sends them. */
  ORG_INVITATIONS_PER_ORGANIZATION_PER_HOUR: z.coerce.number().int().min(1).default(200),
  /** An audit export whose client takes no output for this long is cut off. */
  ORG_AUDIT_EXPORT_WRITE_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Audit exports one person may run at once (per replica). */
  ORG_AUDIT_EXPORT_MAX_PER_USER: z.coerce.number().int().min(1).default(2),
});

export type OrgEnv = z.output<typeof orgEnvSchema>;

/** Reads the org service's settings from the environment, failing loudly on a bad value. */
export function loadOrgConfig(environment: Record<string, string | undefined> = process.env): OrgEnv {
  return loadConfig(orgEnvSchema, environment);
}
