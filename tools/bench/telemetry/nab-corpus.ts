import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { sharedDatasetFile } from "../vector/datasets-folder";
import type { IndexWindow } from "./nab-windows";

const SERIES_COUNT = 58;

/** One NAB data file: its points and its labelled anomaly windows as index ranges. */
export interface NabSeries {
  /** `<category>/<file>.csv`, as the label file keys it. */
  name: string;
  times: Float64Array;
  values: Float64Array;
  windows: IndexWindow[];
}

const windowLabelsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

/** Milliseconds since the epoch of a NAB timestamp ("2014-04-10 07:15:00", maybe with fractional seconds), read as UTC. */
export function nabTime(text: string): number {
  const time = Date.parse(`${text.trim().replace(" ", "T")}Z`);
  if (!Number.isFinite(time)) throw new Error(`"${text}" is not a NAB timestamp`);
  return time;
}

/**
 * The points of a `timestamp,value` file, in file order: NAB scores rows in that order, and some
 * files repeat an hour of local time where daylight saving time ended.
 */
export function parseNabCsv(name: string, text: string): { times: Float64Array; values: Float64Array } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines[0]?.trim() !== "timestamp,value") throw new Error(`${name} does not start with "timestamp,value"`);
  const times = new Float64Array(lines.length - 1);
  const values = new Float64Array(lines.length - 1);
  lines.slice(1).forEach((line, index) => {
    const [time, value] = line.split(",");
    times[index] = nabTime(time ?? "");
    values[index] = Number(value);
    if (!Number.isFinite(values[index])) throw new Error(`${name} line ${index + 2} holds no number: ${line}`);
  });
  return { times, values };
}

/** A window given by its first and last timestamp, as the rows where those timestamps first occur (as NAB finds them). */
export function windowIndices(times: Float64Array, first: number, last: number): IndexWindow | null {
  const start = times.indexOf(first);
  const end = times.indexOf(last);
  return start < 0 || end < start ? null : { first: start, last: end };
}

/** The 58 NAB series with their combined windows, from the shared datasets folder. */
export async function readNabCorpus(): Promise<NabSeries[]> {
  const labels = windowLabelsSchema.parse(
    JSON.parse(await readFile(sharedDatasetFile("nab", "labels", "combined_windows.json"), "utf8")),
  );
  const dataFolder = sharedDatasetFile("nab", "data");
  const names: string[] = [];
  for (const category of (await readdir(dataFolder, { withFileTypes: true })).filter((entry) => entry.isDirectory())) {
    const files = await readdir(path.join(dataFolder, category.name));
    names.push(...files.filter((file) => file.endsWith(".csv")).map((file) => `${category.name}/${file}`));
  }
  names.sort();
  if (names.length !== SERIES_COUNT || names.some((name) => !(name in labels))) {
    throw new Error(`NAB should hold ${SERIES_COUNT} labelled series; found ${names.length} files in ${dataFolder}`);
  }
  return Promise.all(
    names.map(async (name) => {
      const { times, values } = parseNabCsv(name, await readFile(path.join(dataFolder, name), "utf8"));
      const windows = labels[name]!.map(([first, last]) => {
        const window = windowIndices(times, nabTime(first), nabTime(last));
        if (window === null)
          throw new Error(`${name}: window ${first} – ${last} does not start and end on points of the file`);
        return window;
      });
      return { name, times, values, windows };
    }),
  );
}
