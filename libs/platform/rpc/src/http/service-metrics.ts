import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Prometheus metrics of one service: process defaults, plus request count and latency per tRPC
 * procedure and per plain HTTP route. Callers pass labels from a set the service defines (see
 * request-labels.ts), so the number of series stays bounded whatever clients send.
 */
export interface ServiceMetrics {
  registry: Registry;
  observeProcedure(labels: { procedure: string; status: number }, seconds: number): void;
  observeRoute(labels: { route: string; status: number }, seconds: number): void;
}

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Creates a registry private to one server, so several servers in one process never collide. */
export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // The event-loop delay monitor wakes the process every `precision` ms even when it is idle:
  // prom-client's 10 ms default alone costs about 1% of a core per process, 100 ms still 0.2%.
  // Sampling once a second still catches stalls; nodejs_eventloop_lag_seconds is measured per scrape.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1_000 });
  const procedureRequests = new Counter({
    name: "cauldron_rpc_requests_total",
    help: "tRPC calls handled, by procedure and HTTP status (each call of a batch counts once)",
    labelNames: ["procedure", "status"],
    registers: [registry],
  });
  const procedureDuration = new Histogram({
    name: "cauldron_rpc_request_duration_seconds",
    help: "tRPC call latency (of the whole HTTP request that carried it), by procedure",
    labelNames: ["procedure"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const routeRequests = new Counter({
    name: "cauldron_http_requests_total",
    help: "Plain HTTP requests (outside /trpc) handled, by route pattern and HTTP status",
    labelNames: ["route", "status"],
    registers: [registry],
  });
  const routeDuration = new Histogram({
    name: "cauldron_http_request_duration_seconds",
    help: "Plain HTTP request latency, by route pattern",
    labelNames: ["route"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    observeProcedure({ procedure, status }, seconds) {
      procedureRequests.inc({ procedure, status: String(status) });
      procedureDuration.observe({ procedure }, seconds);
    },
    observeRoute({ route, status }, seconds) {
      routeRequests.inc({ route, status: String(status) });
      routeDuration.observe({ route }, seconds);
    },
  };
}
