import type { Database } from "@cauldron/db";
import type { Redis } from "ioredis";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Principal } from "./auth/principal";

/** Long-lived resources a service shares across requests. */
export interface ServiceResources {
  db: Kysely<Database>;
  redis: Redis;
  logger: Logger;
}

/** What every procedure sees: the request's identity and the service's resources. */
export interface RequestContext extends ServiceResources {
  requestId: string;
  principal: Principal | null;
  /** The organization the caller asked to act in (`x-organization-id`), not yet checked. */
  requestedOrganizationId: string | null;
  ip: string | null;
  userAgent: string | null;
}
