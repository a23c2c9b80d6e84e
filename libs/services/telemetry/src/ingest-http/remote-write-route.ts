import { decodeRemoteWrite } from "../ingest/protocols";
import type { IngestProtocol } from "./ingest-route";
import { IngestRefusal } from "./ingest-refusal";
import type { BodyLimits } from "./request-body";
import { describePartialWrite } from "./store-ingested-points";

/** Where Prometheus's `remote_write` sends samples. */
export const REMOTE_WRITE_PATH = "/api/v1/write";

function checkContentType(contentType: string | undefined): void {
  if (contentType === undefined) return;
  const [mediaType = "", ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/x-protobuf") {
    throw new IngestRefusal(415, "Send remote write requests as application/x-protobuf");
  }
  const proto = parameters.find((parameter) => parameter.startsWith("proto="))?.slice("proto=".length);
  if (proto !== undefined && proto !== "prometheus.writerequest") {
    throw new IngestRefusal(415, "Only remote write 1.0 is accepted; set protobuf_message: prometheus.WriteRequest");
  }
}

/**
 * `POST /api/v1/write`: a snappy-compressed remote write 1.0 WriteRequest, answered 204; a request
 * stored in part is answered 400 (which Prometheus does not retry), naming what was refused.
 */
export function remoteWriteProtocol(limits: BodyLimits): IngestProtocol {
  return {
    path: REMOTE_WRITE_PATH,
    encodings: ["snappy"],
    prepare(req) {
      checkContentType(req.headers["content-type"]);
      return { decode: (body) => decodeRemoteWrite(body, { maxUncompressedBytes: limits.maxInflatedBytes }) };
    },
    succeed(_req, res, outcome) {
      if (outcome.rejected + outcome.skipped === 0) res.status(204).end();
      else res.status(400).type("text/plain").send(describePartialWrite(outcome));
    },
    fail(_req, res, failure) {
      res.status(failure.status).type("text/plain").send(failure.message);
    },
  };
}
