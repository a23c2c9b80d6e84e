/** A stretch of a longer text and where it starts in it. */
export interface TextWindow {
  offset: number;
  text: string;
}

/** How much of a text is looked at, and in pieces of what size. */
export interface WindowLimits {
  /** Longest window, in UTF-16 code units. */
  windowLength: number;
  /** Text beyond this many code units is not looked at. */
  maxLength: number;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Cuts the first `maxLength` code units of `text` into windows of at most `windowLength`, ending
 * each at the last whitespace of its second half (so a name is rarely cut in two), or hard where
 * there is none, never inside a surrogate pair. The windows tile the covered text.
 */
export function textWindows(text: string, { windowLength, maxLength }: WindowLimits): TextWindow[] {
  const limit = Math.min(text.length, maxLength);
  const windows: TextWindow[] = [];
  let start = 0;
  while (start < limit) {
    let end = Math.min(start + windowLength, limit);
    if (end < text.length) {
      const lastSpace = lastWhitespaceBefore(text, end, start + Math.floor(windowLength / 2));
      if (lastSpace !== undefined) end = lastSpace + 1;
      else if (isLowSurrogate(text.charCodeAt(end)) && end - 1 > start) end -= 1;
    }
    windows.push({ offset: start, text: text.slice(start, end) });
    start = end;
  }
  return windows;
}

function lastWhitespaceBefore(text: string, end: number, notBefore: number): number | undefined {
  for (let index = end - 1; index >= notBefore; index -= 1) {
    if (/\s/u.test(text[index]!)) return index;
  }
  return undefined;
}
