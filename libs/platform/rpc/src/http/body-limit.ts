const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** Converts a size such as `1mb` or `512kb` (the REQUEST_BODY_LIMIT format) to bytes. */
export function parseByteSize(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!match?.[1] || !match[2]) throw new Error(`Not a byte size: ${size}`);
  return Number(match[1]) * (UNITS[match[2].toLowerCase()] ?? 1);
}
