import {
  alertRulePageSchema,
  alertRuleRefSchema,
  alertRuleSchema,
  createAlertRuleInputSchema,
  deletedAlertRuleSchema,
  listAlertRulesInputSchema,
  updateAlertRuleInputSchema,
} from "@cauldron/contracts";
import { permittedProcedure, permittedWriteProcedure, router } from "@cauldron/rpc";
import { listAlertRules } from "./alert-rule-queries";
import { createAlertRule } from "./create-alert-rule";
import { deleteAlertRule } from "./delete-alert-rule";
import { updateAlertRule } from "./update-alert-rule";

/** telemetry.alerts.rules.*: what to watch, when to alert, and how loudly. */
export const alertRulesRouter = router({
  create: permittedWriteProcedure("alerts:manage")
    .input(createAlertRuleInputSchema)
    .output(alertRuleSchema)
    .mutation(({ ctx, input }) => createAlertRule(ctx, input)),

  list: permittedProcedure("alerts:read")
    .input(listAlertRulesInputSchema)
    .output(alertRulePageSchema)
    .query(({ ctx, input }) => ctx.tenant((trx) => listAlertRules(trx, input))),

  update: permittedWriteProcedure("alerts:manage")
    .input(updateAlertRuleInputSchema)
    .output(alertRuleSchema)
    .mutation(({ ctx, input }) => updateAlertRule(ctx, input)),

  delete: permittedWriteProcedure("alerts:manage")
    .input(alertRuleRefSchema)
    .output(deletedAlertRuleSchema)
    .mutation(({ ctx, input }) => deleteAlertRule(ctx, input.id)),
});
