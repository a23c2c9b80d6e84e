import type { CreateAlertChannelInput, createdAlertChannelSchema } from "@cauldron/contracts";
import { isUniqueViolation } from "@cauldron/rpc";
import type { z } from "zod";
import type { AlertsWriter } from "../alerts-caller";
import { channelNameTaken } from "./channel-refusals";
import { CHANNEL_COLUMNS, CHANNEL_NAME_KEY, toAlertChannel } from "./channel-queries";
import { generateSigningSecret } from "./webhook-signature";

/** Creates a channel; a webhook channel gets a signing secret, returned here and never again. */
export async function createAlertChannel(
  caller: AlertsWriter,
  input: CreateAlertChannelInput,
): Promise<z.infer<typeof createdAlertChannelSchema>> {
  const signingSecret = input.kind === "webhook" ? generateSigningSecret() : null;
  try {
    return await caller.tenant(async (trx) => {
      const row = await trx
        .insertInto("timeseries.alert_channels")
        .values({
          organization_id: caller.organizationId,
          name: input.name,
          kind: input.kind,
          email_addresses: input.kind === "email" ? input.emailAddresses : [],
          webhook_url: input.kind === "webhook" ? input.webhookUrl : null,
          signing_secret: signingSecret,
          min_severity: input.minSeverity,
          enabled: input.enabled,
          created_by: caller.actorUserId,
        })
        .returning(CHANNEL_COLUMNS)
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "alert_channel.created",
        target: { type: "alert_channel", id: row.id },
        metadata: { name: row.name, kind: row.kind },
      });
      return { ...toAlertChannel(row), signingSecret };
    });
  } catch (error) {
    if (isUniqueViolation(error, CHANNEL_NAME_KEY)) throw channelNameTaken(input.name);
    throw error;
  }
}
