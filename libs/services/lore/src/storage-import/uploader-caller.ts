import type { Database } from "@cauldron/db";
import { admitToOrganization, openOrganizationWrite, type Principal } from "@cauldron/rpc";
import type { Kysely } from "kysely";
import type { ImportingCaller } from "./import-document";

/** What keeping documents in step with storage may do, at most, as the user who changed the object. */
const IMPORT_GRANTS = ["documents:create", "documents:update"];

/** The user behind a storage event, admitted as lore acting for them: their own permissions and RLS apply. */
export interface UploaderCaller extends ImportingCaller {
  can(permission: string): boolean;
}

/**
 * Admits lore, acting for the user who changed an object, into the object's organization: FORBIDDEN
 * when they are no longer a member, PRECONDITION_FAILED when the organization is archived. The
 * change is recorded as lore's for that user, under the event's id.
 */
export async function actAsUploader(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
  eventId: string,
): Promise<UploaderCaller> {
  const principal: Principal = {
    kind: "service",
    service: "lore",
    grants: IMPORT_GRANTS,
    organizationId,
    actingUserId: userId,
    // Storage published the event only for a change it admitted for this user, second factor
    // included where the organization or the user demands one; importing it continues that change.
    aal: "aal2",
  };
  const admitted = await admitToOrganization({ db }, principal, organizationId);
  const write = await openOrganizationWrite({
    db,
    principal,
    requestId: eventId,
    ip: null,
    userAgent: null,
    organizationId,
    organizationArchived: admitted.organizationArchived,
  });
  return {
    organizationId,
    principal,
    requestId: eventId,
    tenant: (work) => admitted.tenant(work),
    can: (permission) => admitted.can(permission),
    ...write,
  };
}
