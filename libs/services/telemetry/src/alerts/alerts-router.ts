import {
  alertPageSchema,
  alertRefSchema,
  alertSchema,
  assignAlertInputSchema,
  listAlertsInputSchema,
  silenceAlertInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { acknowledgeAlert } from "./acknowledge-alert";
import { listAlerts } from "./alert-queries";
import { resolveAlertByHand } from "./resolve-alert-by-hand";
import { assignAlert } from "./assign-alert";
import { alertChannelsRouter } from "./channels/alert-channels-router";
import { alertRulesRouter } from "./rules/alert-rules-router";
import { silenceAlert } from "./silence-alert";

/** telemetry.alerts.*: the rules that raise alerts, where they are sent, and the alerts themselves as people handle them. */
export const alertsRouter = router({
  rules: alertRulesRouter,
  channels: alertChannelsRouter,

  list: permittedProcedure("alerts:read")
    .input(listAlertsInputSchema)
    .output(alertPageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listAlerts(trx, input))),

  acknowledge: permittedWriteProcedure("alerts:manage")
    .input(alertRefSchema)
    .output(alertSchema)
    .mutation(({ ctx, input }) => acknowledgeAlert(ctx, input.alertId)),

  assign: permittedWriteProcedure("alerts:manage")
    .input(assignAlertInputSchema)
    .output(alertSchema)
    .mutation(({ ctx, input }) => assignAlert(ctx, input)),

  resolve: permittedWriteProcedure("alerts:manage")
    .input(alertRefSchema)
    .output(alertSchema)
    .mutation(({ ctx, input }) => resolveAlertByHand(ctx, input.alertId)),

  silence: permittedWriteProcedure("alerts:manage")
    .input(silenceAlertInputSchema)
    .output(alertSchema)
    .mutation(({ ctx, input }) => silenceAlert(ctx, input)),
});
