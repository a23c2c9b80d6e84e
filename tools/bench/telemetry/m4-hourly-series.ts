import { readFile } from "node:fs/promises";
import { sharedDatasetFile } from "../vector/datasets-folder";

/** The forecast horizon of M4's hourly series. */
export const M4_HOURLY_HORIZON = 48;
/** M4's seasonal period for hourly series, which its MASE scales by. */
export const M4_HOURLY_PERIOD = 24;
const SERIES_COUNT = 414;

/** One M4 series: its id, the history to fit and the values to forecast. */
export interface M4Series {
  id: string;
  train: number[];
  test: number[];
}

/** The values of each row of an M4 CSV file by series id ("V1" is the id; trailing cells are empty). */
export function parseM4Rows(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.trim() === "") continue;
    const [id, ...cells] = line.split(",").map((cell) => cell.replace(/"/g, "").trim());
    const values = cells.filter((cell) => cell !== "" && cell !== "NA").map(Number);
    if (!id || values.some((value) => !Number.isFinite(value))) throw new Error(`M4 row ${id} holds a non-number`);
    rows.set(id, values);
  }
  return rows;
}

/** The 414 hourly series of M4 (train and test files from the shared datasets folder). */
export async function readM4Hourly(): Promise<M4Series[]> {
  const read = async (name: string) => parseM4Rows(await readFile(sharedDatasetFile("m4-hourly", name), "utf8"));
  const [train, test] = await Promise.all([read("Hourly-train.csv"), read("Hourly-test.csv")]);
  const series = [...train].map(([id, values]) => ({ id, train: values, test: test.get(id) ?? [] }));
  const broken = series.find((one) => one.test.length !== M4_HOURLY_HORIZON);
  if (series.length !== SERIES_COUNT || broken) {
    throw new Error(
      `M4 hourly should hold ${SERIES_COUNT} series with ${M4_HOURLY_HORIZON} test values each; ` +
        `found ${series.length}${broken ? `, and ${broken.id} has ${broken.test.length}` : ""}`,
    );
  }
  return series;
}
