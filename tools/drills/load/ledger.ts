import { z } from "zod";

const acknowledged = {
  organizationId: z.uuid(),
  /** When the service's answer arrived: a backup taken later must hold the write. */
  acknowledgedAt: z.iso.datetime(),
};

/** One write a service acknowledged during a load, with what it takes to find it again. */
export const acknowledgedWriteSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("team"), ...acknowledged, id: z.uuid() }),
  z.object({ kind: z.literal("document"), ...acknowledged, id: z.uuid() }),
  z.object({
    kind: z.literal("object"),
    ...acknowledged,
    bucket: z.string().min(1),
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in lower-case hex"),
  }),
  z.object({
    kind: z.literal("points"),
    ...acknowledged,
    metric: z.string().min(1),
    /** Every point of the batch carries it as its `batch` dimension. */
    batchId: z.uuid(),
    count: z.number().int().positive(),
  }),
  z.object({ kind: z.literal("embedding"), ...acknowledged, id: z.uuid(), collectionId: z.uuid() }),
]);

export type AcknowledgedWrite = z.infer<typeof acknowledgedWriteSchema>;
export type WriteKind = AcknowledgedWrite["kind"];
export type AcknowledgedWriteOf<K extends WriteKind> = Extract<AcknowledgedWrite, { kind: K }>;

export const WRITE_KINDS = [
  "team",
  "document",
  "object",
  "points",
  "embedding",
] as const satisfies readonly WriteKind[];

/** A ledger as read from elsewhere (a file, another process), checked entry by entry. */
export const ledgerSchema = z.array(acknowledgedWriteSchema);
