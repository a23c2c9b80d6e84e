/** A metrics page that breaks the Prometheus text format; `lineNumber` counts from 1. */
export class PrometheusTextError extends Error {
  override readonly name = "PrometheusTextError";

  constructor(
    readonly lineNumber: number,
    readonly reason: string,
  ) {
    super(`line ${lineNumber}: ${reason}`);
  }
}
