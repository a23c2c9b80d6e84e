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
  /**
   * Set while the principal's session is still being checked (revocation): the platform's
   * middlewares await it before a procedure acts, or before a query's answer leaves.
   */
  principalConfirmed?: Promise<void>;
  /** The organization the caller asked to act in (`x-organization-id`), not yet checked. */
  requestedOrganizationId: string | null;
  ip: string | null;
  userAgent: string | null;
}
