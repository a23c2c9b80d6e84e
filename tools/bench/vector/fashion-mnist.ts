import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { ensureDebianPackage } from "../debian-package";
import { sharedDatasetFile } from "./datasets-folder";
import type { VectorSet } from "./vector-set";

const PACKAGE = "dataset-fashion-mnist";
const FOLDER = "/usr/share/datasets/fashion-mnist";
const GROUND_TRUTH = ["fashion-mnist-gt", "test-top10-l2.i32"];
/** Neighbours per query in the shared ground truth file. */
export const FASHION_TRUTH_DEPTH = 10;
const IMAGE_MAGIC = 0x0803;
const LABEL_MAGIC = 0x0801;

/** Fashion-MNIST as ann-benchmarks uses it: 784 raw pixels (0–255) per image, compared by L2. */
export interface FashionMnist {
  train: VectorSet;
  test: VectorSet;
  /** The clothing class (0–9) of each image. */
  trainLabels: Uint8Array;
  testLabels: Uint8Array;
  /** For each test image, its 10 nearest training images, nearest first (exact, by L2). */
  groundTruth: Int32Array;
}

/** Installs the Debian package when its files are missing, saying what it runs. */
export async function ensureFashionMnistInstalled(progress: (text: string) => void): Promise<void> {
  await ensureDebianPackage(PACKAGE, path.join(FOLDER, "train-images-idx3-ubyte.gz"), progress);
}

/** The payload of an IDX file (big-endian header: magic, then one 32-bit size per dimension). */
async function readIdx(name: string, magic: number): Promise<{ sizes: number[]; bytes: Uint8Array }> {
  const file = gunzipSync(await readFile(path.join(FOLDER, name)));
  const found = file.readUInt32BE(0);
  if (found !== magic) throw new Error(`${name} is not an IDX file of the expected kind (magic ${found.toString(16)})`);
  const sizes = Array.from({ length: magic & 0xff }, (_, dimension) => file.readUInt32BE(4 + dimension * 4));
  const offset = 4 + sizes.length * 4;
  const expected = sizes.reduce((product, size) => product * size, 1);
  if (file.length - offset !== expected)
    throw new Error(`${name} holds ${file.length - offset} bytes, not ${expected}`);
  return { sizes, bytes: new Uint8Array(file.buffer, file.byteOffset + offset, expected) };
}

async function readImages(name: string): Promise<VectorSet> {
  const { sizes, bytes } = await readIdx(name, IMAGE_MAGIC);
  const [count = 0, rows = 0, columns = 0] = sizes;
  return { count, dimensions: rows * columns, values: Float32Array.from(bytes) };
}

async function readLabels(name: string): Promise<Uint8Array> {
  return Uint8Array.from((await readIdx(name, LABEL_MAGIC)).bytes);
}

async function readGroundTruth(queries: number): Promise<Int32Array> {
  const file = sharedDatasetFile(...GROUND_TRUTH);
  const bytes = await readFile(file);
  if (bytes.length !== queries * FASHION_TRUTH_DEPTH * 4) {
    throw new Error(`${file} holds ${bytes.length} bytes, not ${queries} × ${FASHION_TRUTH_DEPTH} int32`);
  }
  const truth = new Int32Array(queries * FASHION_TRUTH_DEPTH);
  for (let index = 0; index < truth.length; index += 1) truth[index] = bytes.readInt32LE(index * 4);
  return truth;
}

/** Reads Fashion-MNIST from the Debian package (installing it when missing) and its shared ground truth. */
export async function loadFashionMnist(progress: (text: string) => void): Promise<FashionMnist> {
  await ensureFashionMnistInstalled(progress);
  const [train, test, trainLabels, testLabels] = await Promise.all([
    readImages("train-images-idx3-ubyte.gz"),
    readImages("t10k-images-idx3-ubyte.gz"),
    readLabels("train-labels-idx1-ubyte.gz"),
    readLabels("t10k-labels-idx1-ubyte.gz"),
  ]);
  if (trainLabels.length !== train.count || testLabels.length !== test.count) {
    throw new Error("Fashion-MNIST's label files do not match its image files");
  }
  return { train, test, trainLabels, testLabels, groundTruth: await readGroundTruth(test.count) };
}
