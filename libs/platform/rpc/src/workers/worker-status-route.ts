import type { Express } from "express";
import type { WorkerSupervisor } from "./worker-supervisor";

/**
 * Serves GET /statusz: the replica's workers and their state, as JSON. Like /metrics it is for
 * operators inside the cluster (the ingress routes only public paths); /readyz stays about
 * whether the replica can serve requests.
 */
export function mountWorkerStatus(app: Express, serviceName: string, supervisor: WorkerSupervisor): void {
  app.get("/statusz", (_req, res) => {
    res.json({ service: serviceName, instanceId: supervisor.instanceId, workers: supervisor.status() });
  });
}
