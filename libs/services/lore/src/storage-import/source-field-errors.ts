import { invalidFields } from "@cauldron/rpc";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

const fieldIssuesSchema = z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }));
const CONTENT_FIELDS: ReadonlySet<unknown> = new Set(["content", "contentBase64"]);

/**
 * An import sends no content, so refusals of the text read from the object (a PDF that cannot be
 * read, text over the limit), which name content or contentBase64, are moved to `source`.
 */
export function onSourceField(error: unknown): unknown {
  if (!(error instanceof TRPCError) || error.code !== "BAD_REQUEST") return error;
  const issues = fieldIssuesSchema.safeParse((error.cause as { issues?: unknown } | undefined)?.issues);
  if (!issues.success || !issues.data.some((issue) => CONTENT_FIELDS.has(issue.path[0]))) return error;
  return invalidFields(
    issues.data.map((issue) =>
      CONTENT_FIELDS.has(issue.path[0]) ? { path: ["source"], message: issue.message } : issue,
    ),
  );
}
