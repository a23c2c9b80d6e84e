/**
 * A protocol request refused before its points are read: a bad query or header (400), a body too
 * large (413) or in an encoding or content type the protocol does not take (415), a broken body (400).
 */
export class IngestRefusal extends Error {
  override readonly name = "IngestRefusal";

  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
