const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Which characters a backslash escapes in one part of a line, and which end that part, as flags by
 * character code (all of them ASCII): looked up once per character of every line.
 */
export interface NameSyntax {
  escapes: Uint8Array;
  stops: Uint8Array;
}

const ASCII = 128;

function chars(text: string): Uint8Array {
  const flags = new Uint8Array(ASCII);
  for (const char of text) flags[char.charCodeAt(0)] = 1;
  return flags;
}

/** Whether `flags` holds `code`; codes past ASCII never do. */
const has = (flags: Uint8Array, code: number) => code < ASCII && flags[code] === 1;

/** Measurement names escape commas and spaces; tag keys, tag values and field keys also `=`. */
export const measurementSyntax: NameSyntax = { escapes: chars(", \\"), stops: chars(", \n") };
export const tagKeySyntax: NameSyntax = { escapes: chars(",= \\"), stops: chars(",= \n") };
export const tagValueSyntax: NameSyntax = { escapes: chars(",= \\"), stops: chars(", \n") };
export const fieldKeySyntax = tagKeySyntax;

const tokenStops = chars(", \n\r");

/** A line that breaks the grammar; the decoder reports it and goes on with the next line. */
export class LineSyntaxError extends Error {}

/** A single forward pass over a line protocol body; nothing ever moves backwards. */
export class LineCursor {
  pos = 0;
  /** The line the cursor is on; quoted field strings may span lines. */
  line = 1;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** The character code under the cursor, or -1 at the end. */
  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  is(char: string): boolean {
    return this.peek() === char.charCodeAt(0);
  }

  atLineEnd(): boolean {
    return this.atEnd() || this.peek() === NEWLINE;
  }

  advance(): void {
    if (this.peek() === NEWLINE) this.line += 1;
    this.pos += 1;
  }

  /** Reads up to an unescaped stop character; a backslash before anything else is kept as is. */
  readName(syntax: NameSyntax): string {
    let name = "";
    let runStart = this.pos;
    while (this.pos < this.text.length) {
      const char = this.text.charCodeAt(this.pos);
      if (char === BACKSLASH && has(syntax.escapes, this.text.charCodeAt(this.pos + 1))) {
        name += this.text.slice(runStart, this.pos);
        runStart = this.pos + 1;
        this.pos += 2;
      } else if (has(syntax.stops, char)) break;
      else this.pos += 1;
    }
    return name + this.text.slice(runStart, this.pos);
  }

  /** Moves past a double-quoted field string, where `\"` and `\\` are escapes and newlines are text. */
  skipQuoted(): void {
    this.advance();
    while (this.pos < this.text.length) {
      const char = this.text.charCodeAt(this.pos);
      const next = this.text.charCodeAt(this.pos + 1);
      if (char === BACKSLASH && (next === QUOTE || next === BACKSLASH)) this.pos += 2;
      else if (char === QUOTE) return this.advance();
      else this.advance();
    }
    throw new LineSyntaxError("a quoted field string is not closed");
  }

  /** Reads an unquoted value (number, boolean, timestamp) up to a comma, blank or line end. */
  readToken(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !has(tokenStops, this.text.charCodeAt(this.pos))) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** Skips spaces and tabs (and a carriage return before a newline); returns how many. */
  skipBlanks(): number {
    const start = this.pos;
    for (let char = this.peek(); char === SPACE || char === TAB || char === CARRIAGE_RETURN; char = this.peek()) {
      this.pos += 1;
    }
    return this.pos - start;
  }

  /** Moves past the next newline, or to the end. */
  skipRestOfLine(): void {
    const newline = this.text.indexOf("\n", this.pos);
    this.pos = newline === -1 ? this.text.length : newline;
    if (newline !== -1) this.advance();
  }
}
