import { diffTexts } from "../text/version-diff";
import type { TenantRunner } from "./documents-caller";
import { requireVersion } from "./version-queries";

/** The change between two versions of a document's text, as a unified diff with line counts. */
export async function diffDocumentVersions(
  tenant: TenantRunner,
  organizationId: string,
  input: { id: string; fromVersion: number; toVersion: number },
) {
  const [from, to] = await tenant(async (trx) => [
    await requireVersion(trx, organizationId, input.id, input.fromVersion),
    await requireVersion(trx, organizationId, input.id, input.toVersion),
  ]);
  const diff = diffTexts(
    { label: `version ${from.version}`, text: from.content },
    { label: `version ${to.version}`, text: to.content },
  );
  return { documentId: input.id, fromVersion: from.version, toVersion: to.version, ...diff };
}
