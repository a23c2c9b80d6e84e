import {
  alertChannelPageSchema,
  alertChannelRefSchema,
  alertChannelSchema,
  alertChannelTestResultSchema,
  createAlertChannelInputSchema,
  createdAlertChannelSchema,
  deletedAlertChannelSchema,
  listAlertChannelsInputSchema,
  rotatedAlertChannelSecretSchema,
  updateAlertChannelInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { listAlertChannels } from "./channel-queries";
import { createAlertChannel } from "./create-alert-channel";
import { deleteAlertChannel } from "./delete-alert-channel";
import { rotateChannelSecret } from "./rotate-channel-secret";
import { testAlertChannel } from "./test-alert-channel";
import { updateAlertChannel } from "./update-alert-channel";

/** telemetry.alerts.channels.*: where an organization's alerts are sent, by email or signed webhook. */
export const alertChannelsRouter = router({
  create: permittedWriteProcedure("alerts:manage")
    .input(createAlertChannelInputSchema)
    .output(createdAlertChannelSchema)
    .mutation(({ ctx, input }) => createAlertChannel(ctx, input)),

  list: permittedProcedure("alerts:read")
    .input(listAlertChannelsInputSchema)
    .output(alertChannelPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listAlertChannels(trx, input))),

  update: permittedWriteProcedure("alerts:manage")
    .input(updateAlertChannelInputSchema)
    .output(alertChannelSchema)
    .mutation(({ ctx, input }) => updateAlertChannel(ctx, input)),

  delete: permittedWriteProcedure("alerts:manage")
    .input(alertChannelRefSchema)
    .output(deletedAlertChannelSchema)
    .mutation(({ ctx, input }) => deleteAlertChannel(ctx, input.id)),

  rotateSecret: permittedWriteProcedure("alerts:manage")
    .input(alertChannelRefSchema)
    .output(rotatedAlertChannelSecretSchema)
    .mutation(({ ctx, input }) => rotateChannelSecret(ctx, input.id)),

  test: permittedWriteProcedure("alerts:manage")
    .input(alertChannelRefSchema)
    .output(alertChannelTestResultSchema)
    .mutation(({ ctx, input }) => testAlertChannel(ctx, input.id)),
});
