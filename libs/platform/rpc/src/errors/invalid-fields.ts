import { TRPCError } from "@trpc/server";

/** A check a procedure makes beyond its zod input, e.g. a vector's length against its model. */
export interface InvalidField {
  /** Where the bad value sits in the input, e.g. ["items", 3, "vector"]. */
  path: readonly (string | number)[];
  message: string;
}

class InvalidFieldsCause extends Error {
  readonly issues: InvalidField[];
  constructor(issues: InvalidField[]) {
    super(issues.map((issue) => issue.message).join("; "));
    this.issues = issues;
  }
}

/**
 * BAD_REQUEST for input that passed its schema but fails a check only the service can make; the
 * client gets the same `fieldErrors` as for a schema failure, keyed by each field's dotted path.
 */
export function invalidFields(issues: InvalidField[]): TRPCError {
  return new TRPCError({ code: "BAD_REQUEST", message: "Invalid input", cause: new InvalidFieldsCause(issues) });
}
