import { requireFound } from "@cauldron/rpc";
import type { AlertsWriter } from "../alerts-caller";
import { CHANNEL_NOT_FOUND, noSigningSecret } from "./channel-refusals";
import { generateSigningSecret } from "./webhook-signature";

/**
 * Gives a webhook channel a new signing secret, returned this once; every send from now on,
 * retries of earlier notifications included, is signed with it.
 */
export async function rotateChannelSecret(
  caller: AlertsWriter,
  id: string,
): Promise<{ id: string; signingSecret: string }> {
  return caller.tenant(async (trx) => {
    const channel = requireFound(
      await trx
        .selectFrom("timeseries.alert_channels")
        .select(["id", "name", "kind"])
        .where("id", "=", id)
        .forUpdate()
        .executeTakeFirst(),
      CHANNEL_NOT_FOUND,
    );
    if (channel.kind !== "webhook") throw noSigningSecret();
    const signingSecret = generateSigningSecret();
    await trx
      .updateTable("timeseries.alert_channels")
      .set({ signing_secret: signingSecret })
      .where("id", "=", channel.id)
      .execute();
    await caller.record(trx, {
      action: "alert_channel.secret_rotated",
      target: { type: "alert_channel", id: channel.id },
      metadata: { name: channel.name },
    });
    return { id: channel.id, signingSecret };
  });
}
