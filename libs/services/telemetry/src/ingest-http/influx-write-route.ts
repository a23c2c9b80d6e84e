import { z } from "zod";
import { decodeLineProtocol } from "../ingest/protocols";
import type { IngestProtocol } from "./ingest-route";
import { IngestRefusal } from "./ingest-refusal";
import { describePartialWrite } from "./store-ingested-points";

/** InfluxDB 2's write endpoint, where its client libraries and Telegraf send line protocol. */
export const INFLUX_WRITE_PATH = "/api/v2/write";

const querySchema = z.object({
  org: z.string().optional(),
  orgID: z.string().optional(),
  // Every point lands in the organization's business metrics; the bucket a client names is not kept.
  bucket: z.string().optional(),
  precision: z.enum(["ns", "us", "ms", "s"]).default("ns"),
});

// The `code` InfluxDB puts in its error bodies, by HTTP status; clients show it beside the message.
const INFLUX_CODES: Record<number, string> = {
  400: "invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not found",
  413: "request too large",
  415: "unsupported media type",
  429: "too many requests",
  500: "internal error",
  503: "unavailable",
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

function text(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new IngestRefusal(400, "The body is not UTF-8 text");
  }
}

/** `POST /api/v2/write?org=&bucket=&precision=`: line protocol, answered 204 or with InfluxDB's error body. */
export const influxWriteProtocol: IngestProtocol = {
  path: INFLUX_WRITE_PATH,
  encodings: ["identity", "gzip"],
  prepare(req) {
    const query = querySchema.safeParse(req.query);
    if (!query.success) {
      throw new IngestRefusal(400, "org, orgID and bucket are single values; precision is ns, us, ms or s");
    }
    const { org, orgID, precision } = query.data;
    const receivedAt = new Date();
    return {
      organization: orgID || org || undefined,
      decode: (body) => decodeLineProtocol(text(body), { precision, receivedAt }),
    };
  },
  succeed(_req, res, outcome) {
    if (outcome.rejected + outcome.skipped === 0) res.status(204).end();
    else res.status(400).json({ code: "invalid", message: describePartialWrite(outcome) });
  },
  fail(_req, res, failure) {
    res.status(failure.status).json({ code: INFLUX_CODES[failure.status] ?? "invalid", message: failure.message });
  },
};
