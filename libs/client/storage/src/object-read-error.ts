/**
 * Why an object could not be read: storage has no such object (`not_found`) or will not show it
 * to the caller (`forbidden`); it is over the size limit (`too_large`) or of a kind the reader
 * declined (`not_accepted`); it was replaced while being read (`changed`); storage did not answer
 * (`unavailable`) or not in time (`timeout`); or storage refused the request itself (`rejected`).
 */
export type ObjectReadFailure =
  "not_found" | "forbidden" | "too_large" | "not_accepted" | "changed" | "unavailable" | "timeout" | "rejected";

import type { StoredObjectInfo } from "./object-info";

/** The failure of reading an object's bytes, with a reason a caller can branch on. */
export class ObjectReadError extends Error {
  /** The HTTP status storage answered with, when it answered. */
  readonly status: number | undefined;
  /** The object's info, when it was read before the failure (an object too large or declined). */
  readonly info: StoredObjectInfo | undefined;

  constructor(
    readonly reason: ObjectReadFailure,
    message: string,
    options: { status?: number; info?: StoredObjectInfo; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ObjectReadError";
    this.status = options.status;
    this.info = options.info;
  }
}

/** The failure an unsuccessful answer of storage stands for. */
export function failureOfStatus(status: number): ObjectReadFailure {
  if (status === 404) return "not_found";
  if (status === 403) return "forbidden";
  if (status === 413) return "too_large";
  if (status === 502 || status === 503 || status === 504) return "unavailable";
  return "rejected";
}
