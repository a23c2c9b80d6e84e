import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** Prometheus metrics of one service: process defaults plus request count and latency per procedure. */
export interface ServiceMetrics {
  registry: Registry;
  observeRequest(labels: { procedure: string; status: number }, seconds: number): void;
}

/** Creates a registry private to one server, so several servers in one process never collide. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "cauldron_rpc_requests_total",
    help: "tRPC requests handled, by procedure and HTTP status",
    labelNames: ["procedure", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "cauldron_rpc_request_duration_seconds",
    help: "tRPC request latency, by procedure",
    labelNames: ["procedure"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ procedure, status }, seconds) {
      requests.inc({ procedure, status: String(status) });
      duration.observe({ procedure }, seconds);
    },
  };
}
