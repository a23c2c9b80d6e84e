import { conflict, invalidFields, type RefusalError } from "@cauldron/rpc";
import type { TRPCError } from "@trpc/server";

/** NOT_FOUND message for a channel id the caller cannot see: unknown, or another organization's. */
export const CHANNEL_NOT_FOUND = "Alert channel not found in this organization";

/** CONFLICT (reason `name_taken`) for a channel name the organization already uses. */
export function channelNameTaken(name: string): RefusalError {
  return conflict("name_taken", `An alert channel named "${name}" already exists; choose another name or update it`);
}

/** BAD_REQUEST on each field that belongs to the other kind of channel. */
export function fieldsOfOtherKind(
  kind: string,
  input: { emailAddresses?: unknown; webhookUrl?: unknown },
): TRPCError | null {
  const issues = [];
  if (kind !== "email" && input.emailAddresses !== undefined) {
    issues.push({
      path: ["emailAddresses"],
      message: "only email channels have emailAddresses; this is a webhook channel",
    });
  }
  if (kind !== "webhook" && input.webhookUrl !== undefined) {
    issues.push({ path: ["webhookUrl"], message: "only webhook channels have a webhookUrl; this is an email channel" });
  }
  return issues.length > 0 ? invalidFields(issues) : null;
}

/** BAD_REQUEST for rotating the secret of a channel that has none. */
export function noSigningSecret(): TRPCError {
  return invalidFields([
    { path: ["id"], message: "only webhook channels have a signing secret; this is an email channel" },
  ]);
}
