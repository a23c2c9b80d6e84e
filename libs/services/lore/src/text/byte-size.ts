/** The UTF-8 size of a string, as it is stored and counted against limits. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** A byte count as a person reads it: "512 bytes", "20 kB", "5 MB". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${formatAmount(bytes / 1_000_000)} MB`;
  if (bytes >= 1_000) return `${formatAmount(bytes / 1_000)} kB`;
  return `${bytes} bytes`;
}

function formatAmount(amount: number): string {
  return String(Math.round(amount * 10) / 10);
}
