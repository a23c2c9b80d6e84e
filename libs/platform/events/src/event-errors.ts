import type { z } from "zod";

/** Thrown when an event name is not in the catalog. */
export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`Unknown event type "${eventType}": add it to the event catalog before publishing it`);
    this.name = "UnknownEventTypeError";
  }
}

/** One reason a payload failed its catalog schema, with the path of the offending field. */
export interface EventPayloadIssue {
  path: string;
  message: string;
}

/** Thrown when a payload does not satisfy its event's catalog schema; lists every bad field. */
export class InvalidEventPayloadError extends Error {
  readonly issues: EventPayloadIssue[];

  constructor(
    readonly eventType: string,
    zodIssues: readonly z.core.$ZodIssue[],
  ) {
    const issues = zodIssues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(payload)",
      message: issue.message,
    }));
    super(
      `Invalid payload for event "${eventType}": ` +
        issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "),
    );
    this.name = "InvalidEventPayloadError";
    this.issues = issues;
  }
}
