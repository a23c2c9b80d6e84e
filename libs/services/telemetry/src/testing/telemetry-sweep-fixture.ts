import { randomBytes } from "node:crypto";
import { withSystem } from "@cauldron/db";
import { createSignedPerson, startTestService, type SweepFixture } from "@cauldron/testing";
import { raiseAlert } from "../alerts/raise-alert";
import { createTelemetryService } from "../telemetry-service";

/**
 * The telemetry service for the sweep over every procedure, without its jobs (so nothing changes
 * the seeded objects while others are swept): one organization with points of a metric, an alert
 * rule and an open alert, an email channel, an anomaly detector and a forecast model.
 */
export const telemetrySweepFixture: SweepFixture = {
  name: "telemetry",
  async start({ database, redisKeyPrefix }) {
    const service = await startTestService(createTelemetryService(), {
      db: database.db,
      redisKeyPrefix,
      workers: false,
    });
    return {
      name: "telemetry",
      url: service.url,
      router: service.router,
      createPerson: (label) => createSignedPerson(service, database, label),
      async seed(organization) {
        const tag = randomBytes(4).toString("hex");
        const owner = service.client({ token: await organization.owner.newSession(), organizationId: organization.id });
        const metric = `quarry.output_${tag}`;
        const now = Date.now();
        await owner.telemetry.metrics.write.mutate({
          points: Array.from({ length: 6 }, (_, index) => ({
            metric,
            time: new Date(now - index * 60_000),
            value: 40 + index,
            dimensions: { site: `north-${tag}` },
          })),
        });
        const rule = await owner.telemetry.alerts.rules.create.mutate({
          name: `Quarry stalled ${tag}`,
          metric,
          aggregate: "avg",
          window: "5 minutes",
          condition: "<",
          threshold: 1,
        });
        const alert = await withSystem(database.ownerDb, (trx) =>
          raiseAlert(trx, {
            organizationId: organization.id,
            alertType: "threshold",
            source: `rule:${rule.id}`,
            severity: "warning",
            title: `Quarry output low ${tag}`,
            ruleId: rule.id,
          }),
        );
        const channel = await owner.telemetry.alerts.channels.create.mutate({
          kind: "email",
          name: `Quarry desk ${tag}`,
          emailAddresses: [`quarry-desk-${tag}@example.test`],
        });
        const detector = await owner.telemetry.anomalies.detectors.create.mutate({
          name: `Quarry pulse ${tag}`,
          metric,
          bucket: "1 minute",
          method: "mad",
        });
        const model = await owner.telemetry.forecasts.models.create.mutate({
          name: `Quarry outlook ${tag}`,
          metric,
          modelType: "seasonal_naive",
          parameters: { seasonLength: 24 },
        });
        return {
          ids: {
            id: [rule.id, channel.id, detector.id],
            ruleId: [rule.id],
            alertId: [alert.id],
            detectorId: [detector.id],
            modelId: [model.id],
          },
          markers: [
            metric,
            rule.name,
            `Quarry output low ${tag}`,
            channel.name,
            `quarry-desk-${tag}`,
            detector.name,
            model.name,
          ],
          readBack: async () => ({
            metrics: await owner.telemetry.metrics.list.query({
              from: new Date(now - 3_600_000),
              to: new Date(now + 60_000),
            }),
            rules: await owner.telemetry.alerts.rules.list.query({}),
            alerts: await owner.telemetry.alerts.list.query({}),
            channels: await owner.telemetry.alerts.channels.list.query({}),
            detectors: await owner.telemetry.anomalies.detectors.list.query({}),
            models: await owner.telemetry.forecasts.models.list.query({}),
          }),
        };
      },
      close: () => service.close(),
    };
  },
};
