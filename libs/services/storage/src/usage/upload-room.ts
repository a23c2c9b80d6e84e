import type { Database } from "@cauldron/db";
import type { Transaction } from "kysely";
import { storageQuotaExceeded } from "../objects/object-refusals";
import { organizationUsage } from "./usage-queries";

/**
 * How many bytes an upload may bring before the organization's quota refuses it, checked before
 * any byte is read: an organization at its object quota is refused a new object at once, and the
 * bytes left under its byte quota (plus those of the object the upload replaces) bound the stream,
 * so an upload past the quota stops there instead of landing whole and being thrown away. The
 * write's own transaction checks again, for uploads that finish side by side.
 */
export async function requireUploadRoom(
  trx: Transaction<Database>,
  organizationId: string,
  replacing: { size: number } | undefined,
): Promise<number> {
  const usage = await organizationUsage(trx, organizationId);
  if (!replacing && usage.maxObjects !== null && usage.objects >= usage.maxObjects) {
    throw storageQuotaExceeded("objects");
  }
  if (usage.maxBytes === null) return Infinity;
  const room = usage.maxBytes - usage.bytes + (replacing?.size ?? 0);
  if (room < 0) throw storageQuotaExceeded("bytes");
  return room;
}
