import { loadConfig } from "@cauldron/config";
import { z } from "zod";

/** The org service's own settings, beside the platform's. */
export const orgEnvSchema = z.object({
  ORG_INVITATION_URL: z
    .string()
    .url("must be the URL of the page that accepts invitations, e.g. https://app.example.com/invitations/accept")
    .default("http://localhost:3000/invitations/accept"),
  ORG_INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
});

export type OrgEnv = z.output<typeof orgEnvSchema>;

/** Reads the org service's settings from the environment, failing loudly on a bad value. */
export function loadOrgConfig(environment: Record<string, string | undefined> = process.env): OrgEnv {
  return loadConfig(orgEnvSchema, environment);
}
