import { requireFound } from "@cauldron/rpc";
import type { AnomaliesWriter } from "../anomalies-caller";
import { DETECTOR_NOT_FOUND } from "./detector-refusals";

/** Deletes a detector; the anomalies it recorded stay, still naming it, until retention drops them. */
export async function deleteDetector(caller: AnomaliesWriter, detectorId: string): Promise<{ id: string }> {
  const { organizationId } = caller;
  return caller.tenant(async (trx) => {
    const deleted = requireFound(
      await trx
        .deleteFrom("timeseries.anomaly_detectors")
        .where("organization_id", "=", organizationId)
        .where("id", "=", detectorId)
        .returning(["id", "name"])
        .executeTakeFirst(),
      DETECTOR_NOT_FOUND,
    );
    await caller.record(trx, {
      action: "anomaly_detector.deleted",
      target: { type: "anomaly_detector", id: deleted.id },
      metadata: { name: deleted.name },
      events: [],
    });
    return { id: deleted.id };
  });
}
