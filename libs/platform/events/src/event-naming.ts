// Past participles that do not end in -ed; extend when an event needs another.
const IRREGULAR_PAST = new Set([
  "sent",
  "built",
  "run",
  "begun",
  "done",
  "made",
  "set",
  "paid",
  "held",
  "kept",
  "lost",
  "read",
  "taken",
  "given",
  "written",
]);

const WORDS = /^[a-z]+(_[a-z]+)*$/;

function isPastTense(word: string): boolean {
  return word.endsWith("ed") || IRREGULAR_PAST.has(word);
}

/**
 * Why an event name breaks the rule `<aggregate>.<past-tense verb>` (e.g. `document.created`,
 * `member.role_changed`, `team.member.added` for an aggregate inside another), or null when it keeps it.
 * Segments are lowercase snake_case; the verb phrase starts or ends with a verb in the past tense.
 */
export function eventNameProblem(name: string): string | null {
  const segments = name.split(".");
  if (segments.length < 2) return `"${name}" needs an aggregate and a verb: <aggregate>.<past-tense verb>`;
  const bad = segments.find((segment) => !WORDS.test(segment));
  if (bad !== undefined) return `"${name}" has a segment "${bad}" that is not lowercase snake_case`;
  const words = (segments.at(-1) ?? "").split("_");
  if (!isPastTense(words[0] ?? "") && !isPastTense(words.at(-1) ?? "")) {
    return `"${name}" must end in a verb in the past tense, e.g. created, role_changed, signed_up`;
  }
  return null;
}

/** The rule for subscriptions: `<service>.on<Thing>`, e.g. `org.onChange`. */
export function subscriptionNameProblem(path: string): string | null {
  return /^[a-z]+(\.[a-z][A-Za-z]*)*\.on[A-Z][A-Za-z]*$/.test(path)
    ? null
    : `"${path}" must be named <service>.on<Thing>, e.g. org.onChange`;
}
