import type { RequestContext } from "../context";
import type { ActivityCaller } from "./request-activity-tally";

/**
 * The user a request counts for, or null when it counts for nobody: anonymous calls, and calls
 * between services, whose originating request was already counted where the user made it. The
 * organization is the one the caller named (or its token is bound to); telemetry keeps it only
 * where the user is a member, since naming one proves nothing.
 */
export function activityCallerOf(context: RequestContext): ActivityCaller | null {
  const { principal } = context;
  if (!principal || principal.kind === "service") return null;
  const organizationId =
    principal.kind === "api_token"
      ? (principal.organizationId ?? context.requestedOrganizationId)
      : context.requestedOrganizationId;
  return { userId: principal.userId, organizationId, ipAddress: context.ip, userAgent: context.userAgent };
}
