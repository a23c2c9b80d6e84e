import { readLabels } from "./prometheus-labels";
import { PrometheusTextError } from "./prometheus-text-error";

/** One sample of a metrics page: histogram and summary series come as their _bucket, _sum and _count samples. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?inf(inity)?|nan)$/i;
const TIMESTAMP = /^-?\d+$/;
const FIELD_SEPARATOR = /[ \t]+/;

/** The sample value a page wrote, or undefined for NaN and ±Inf, which a stored series cannot hold. */
function readValue(text: string, lineNumber: number): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (NON_FINITE.test(text)) return undefined;
  throw new PrometheusTextError(lineNumber, `"${text.slice(0, 40)}" is not a sample value`);
}

function readSample(line: string, lineNumber: number): PrometheusSample | undefined {
  METRIC_NAME.lastIndex = 0;
  const name = METRIC_NAME.exec(line)?.[0];
  if (name === undefined) throw new PrometheusTextError(lineNumber, "a sample must start with a metric name");
  let rest = line.slice(name.length).trimStart();
  let labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    const parsed = readLabels(rest, 0, lineNumber);
    labels = parsed.labels;
    rest = rest.slice(parsed.end);
  } else if (rest.length > 0 && rest.length === line.slice(name.length).length) {
    throw new PrometheusTextError(lineNumber, "the metric name must be followed by labels or a space");
  }
  const fields = rest.trim().split(FIELD_SEPARATOR);
  const [valueText, timestamp, ...extra] = fields;
  if (!valueText) throw new PrometheusTextError(lineNumber, `sample ${name} has no value`);
  if (extra.length > 0)
    throw new PrometheusTextError(lineNumber, "a sample is a name, labels, a value and a timestamp");
  if (timestamp !== undefined && !TIMESTAMP.test(timestamp))
    throw new PrometheusTextError(lineNumber, "the timestamp must be whole milliseconds");
  const value = readValue(valueText, lineNumber);
  return value === undefined ? undefined : { name, labels, value };
}

/**
 * Reads a Prometheus text exposition (format 0.0.4, as every service's /metrics serves it) into
 * its finite samples. Comments, HELP and TYPE lines carry nothing a stored sample keeps; an
 * exposition timestamp is checked but not kept, since one scrape's samples share the scrape time.
 * Throws PrometheusTextError naming the first malformed line, or when the page has more than
 * `maxSamples` samples, so a page is taken whole or not at all.
 */
export function parsePrometheusText(text: string, maxSamples = Number.POSITIVE_INFINITY): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const sample = readSample(line, index + 1);
    if (!sample) continue;
    if (samples.length >= maxSamples)
      throw new PrometheusTextError(index + 1, `the page has more than ${maxSamples} samples`);
    samples.push(sample);
  }
  return samples;
}
