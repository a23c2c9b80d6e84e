import { requireFound } from "@cauldron/rpc";
import type { AlertsWriter } from "../alerts-caller";
import { CHANNEL_NOT_FOUND } from "./channel-refusals";

/** Deletes a channel; its deliveries, sent or waiting, go with it. */
export async function deleteAlertChannel(caller: AlertsWriter, id: string): Promise<{ id: string }> {
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("timeseries.alert_channels")
        .where("id", "=", id)
        .returning(["id", "name", "kind"])
        .executeTakeFirst(),
      CHANNEL_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "alert_channel.deleted",
      target: { type: "alert_channel", id: deleted.id },
      metadata: { name: deleted.name, kind: deleted.kind },
    });
    return { id: deleted.id };
  });
}
