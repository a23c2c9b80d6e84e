import { Counter, Gauge, Histogram, Registry, Summary } from "prom-client";
import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "./prometheus-text";
import { PrometheusTextError } from "./prometheus-text-error";

function failureOf(text: string, maxSamples?: number): PrometheusTextError {
  try {
    parsePrometheusText(text, maxSamples);
  } catch (error) {
    if (error instanceof PrometheusTextError) return error;
    throw error;
  }
  throw new Error("the page was accepted");
}

describe("reading the Prometheus text format", () => {
  it("reads counters and gauges with their labels, and skips comments, HELP and TYPE lines", () => {
    const page = [
      "# HELP jobs_done_total Jobs finished.",
      "# TYPE jobs_done_total counter",
      'jobs_done_total{queue="mail",outcome="ok"} 42',
      'jobs_done_total{queue="mail",outcome="failed",} 3 1700000000000',
      "",
      "# a free comment",
      "# TYPE temperature_celsius gauge",
      "temperature_celsius -12.5e-1",
      "  process:open_fds\t\t7  ",
      "up{} 1",
    ].join("\n");
    expect(parsePrometheusText(page)).toEqual([
      { name: "jobs_done_total", labels: { queue: "mail", outcome: "ok" }, value: 42 },
      { name: "jobs_done_total", labels: { queue: "mail", outcome: "failed" }, value: 3 },
      { name: "temperature_celsius", labels: {}, value: -1.25 },
      { name: "process:open_fds", labels: {}, value: 7 },
      { name: "up", labels: {}, value: 1 },
    ]);
  });

  it("unescapes backslashes, quotes and newlines in label values, and keeps other characters as written", () => {
    const page = 'path_hits{path="C:\\\\data\\"x\\"",note="a\\nb",text="= , } { é"} 1\r\n';
    expect(parsePrometheusText(page)).toEqual([
      { name: "path_hits", labels: { path: 'C:\\data"x"', note: "a\nb", text: "= , } { é" }, value: 1 },
    ]);
  });

  it("skips NaN and infinite samples but keeps the +Inf histogram bucket, whose count is finite", () => {
    const page = ["ratio NaN", "ceiling +Inf", "floor -Inf", 'latency_bucket{le="+Inf"} 9', "latency_sum 1.5"].join(
      "\n",
    );
    expect(parsePrometheusText(page)).toEqual([
      { name: "latency_bucket", labels: { le: "+Inf" }, value: 9 },
      { name: "latency_sum", labels: {}, value: 1.5 },
    ]);
  });

  it("reads every sample of a real registry's counters, gauges, histograms and summaries", async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: "billing" });
    new Counter({ name: "orders_total", help: "Orders.", labelNames: ["state"], registers: [registry] }).inc(
      { state: 'paid "in full"' },
      5,
    );
    new Gauge({ name: "queue_depth", help: "Depth.", registers: [registry] }).set(17);
    const histogram = new Histogram({ name: "wait_seconds", help: "Wait.", buckets: [0.1, 1], registers: [registry] });
    histogram.observe(0.05);
    histogram.observe(3);
    const summary = new Summary({ name: "size_bytes", help: "Size.", percentiles: [0.5], registers: [registry] });
    summary.observe(10);

    const samples = parsePrometheusText(await registry.metrics());
    const find = (name: string, labels: Record<string, string> = {}) =>
      samples.find(
        (sample) =>
          sample.name === name && JSON.stringify(sample.labels) === JSON.stringify({ ...labels, service: "billing" }),
      )?.value;
    expect(find("orders_total", { state: 'paid "in full"' })).toBe(5);
    expect(find("queue_depth")).toBe(17);
    expect(find("wait_seconds_bucket", { le: "0.1" })).toBe(1);
    expect(find("wait_seconds_bucket", { le: "1" })).toBe(1);
    expect(find("wait_seconds_bucket", { le: "+Inf" })).toBe(2);
    expect(find("wait_seconds_sum")).toBe(3.05);
    expect(find("wait_seconds_count")).toBe(2);
    expect(find("size_bytes", { quantile: "0.5" })).toBe(10);
    expect(find("size_bytes_count")).toBe(1);
    expect(samples).toHaveLength(10);
  });

  it("keeps a label named __proto__ as an ordinary label", () => {
    const [sample] = parsePrometheusText('odd{__proto__="x"} 1');
    expect(Object.getPrototypeOf(sample?.labels)).toBe(Object.prototype);
    expect(Object.entries(sample?.labels ?? {})).toEqual([["__proto__", "x"]]);
  });

  it.each([
    ["<html><body>Not found</body></html>", 1, "a sample must start with a metric name"],
    ["ok 1\nbroken", 2, "sample broken has no value"],
    ["value_only abc", 1, '"abc" is not a sample value'],
    ["hex 0x1F", 1, '"0x1F" is not a sample value'],
    ["dash-name 1", 1, "the metric name must be followed by labels or a space"],
    ['m{a="1" b="2"} 1', 1, 'labels must be separated by ","'],
    ['m{a="1",a="2"} 1', 1, "label a is given twice"],
    ["m{a=1} 1", 1, "a label value must be in double quotes"],
    ['m{a="open} 1', 1, "a label value is not closed"],
    ['m{a="\\t"} 1', 1, 'a backslash in a label value may only escape \\, " or n'],
    ['m{a="1"', 1, "the label set is not closed"],
    ["m{", 1, "the label set is not closed"],
    ['m{a="x\u0000y"} 1', 1, "a label value may not contain a NUL character"],
    ['m{9a="1"} 1', 1, "a label name is expected"],
    ['m{a "1"} 1', 1, 'label a has no "="'],
    ["m 1 12.5", 1, "the timestamp must be whole milliseconds"],
    ["m 1 2 3", 1, "a sample is a name, labels, a value and a timestamp"],
  ])("refuses %j, naming line %i", (page, lineNumber, reason) => {
    const failure = failureOf(page);
    expect(failure.lineNumber).toBe(lineNumber);
    expect(failure.reason).toBe(reason);
  });

  it("refuses a page with more samples than allowed, without counting skipped non-finite ones", () => {
    expect(parsePrometheusText("a 1\nb NaN\nc 2", 2)).toHaveLength(2);
    expect(failureOf("a 1\nb 2\nc 3", 2)).toMatchObject({ lineNumber: 3, reason: "the page has more than 2 samples" });
  });
});
