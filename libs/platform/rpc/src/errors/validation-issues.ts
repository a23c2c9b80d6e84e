/** One failed check of an input, addressed by the dotted path of the field. */
export interface FieldIssue {
  path: string;
  message: string;
}

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

function isIssueList(value: unknown): value is IssueLike[] {
  return (
    Array.isArray(value) &&
    value.every((issue) => typeof issue === "object" && issue !== null && typeof issue.message === "string")
  );
}

/** Extracts field issues from a zod or Standard Schema validation error, or null for other errors. */
export function validationIssues(cause: unknown): FieldIssue[] | null {
  if (typeof cause !== "object" || cause === null || !("issues" in cause)) return null;
  const issues = (cause as { issues: unknown }).issues;
  if (!isIssueList(issues)) return null;
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join("."),
    message: issue.message,
  }));
}

/** Groups issues by field path, the shape clients render next to form fields. */
export function fieldErrorsOf(issues: FieldIssue[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path || "(input)";
    (grouped[key] ??= []).push(issue.message);
  }
  return grouped;
}

/** A one-line summary such as `title: Required; tags.0: Too long`. */
export function summarizeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
}
