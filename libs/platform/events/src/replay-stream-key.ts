/**
 * The stream where dead letters of `group` are queued again: one per group, read by that group only,
 * so a replay never reaches the groups that handled the event. The replay stream of a replay stream
 * is itself, so an event that failed again after a replay goes back to the same place.
 */
export function replayStreamKey(streamKey: string, group: string): string {
  const suffix = `:replay:${group}`;
  return streamKey.endsWith(suffix) ? streamKey : `${streamKey}${suffix}`;
}
