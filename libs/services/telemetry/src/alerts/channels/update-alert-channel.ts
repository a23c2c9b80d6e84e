import type { AlertChannel, UpdateAlertChannelInput } from "@cauldron/contracts";
import { isUniqueViolation, requireFound } from "@cauldron/rpc";
import type { AlertsWriter } from "../alerts-caller";
import { CHANNEL_NOT_FOUND, channelNameTaken, fieldsOfOtherKind } from "./channel-refusals";
import { CHANNEL_COLUMNS, CHANNEL_NAME_KEY, toAlertChannel } from "./channel-queries";

/** Changes a channel's settings; addresses only on email channels, the URL only on webhook ones. */
export async function updateAlertChannel(caller: AlertsWriter, input: UpdateAlertChannelInput): Promise<AlertChannel> {
  try {
    return await caller.tenant(async (trx) => {
      const current = requireFound(
        await trx
          .selectFrom("timeseries.alert_channels")
          .select(["id", "kind"])
          .where("id", "=", input.id)
          .forUpdate()
          .executeTakeFirst(),
        CHANNEL_NOT_FOUND,
      );
      const refusal = fieldsOfOtherKind(current.kind, input);
      if (refusal) throw refusal;
      const row = await trx
        .updateTable("timeseries.alert_channels")
        .set({
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.minSeverity === undefined ? {} : { min_severity: input.minSeverity }),
          ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
          ...(input.emailAddresses === undefined ? {} : { email_addresses: input.emailAddresses }),
          ...(input.webhookUrl === undefined ? {} : { webhook_url: input.webhookUrl }),
        })
        .where("id", "=", current.id)
        .returning(CHANNEL_COLUMNS)
        .executeTakeFirstOrThrow();
      await caller.record(trx, {
        action: "alert_channel.updated",
        target: { type: "alert_channel", id: row.id },
        metadata: { name: row.name, changed: Object.keys(input).filter((key) => key !== "id") },
      });
      return toAlertChannel(row);
    });
  } catch (error) {
    if (input.name !== undefined && isUniqueViolation(error, CHANNEL_NAME_KEY)) throw channelNameTaken(input.name);
    throw error;
  }
}
