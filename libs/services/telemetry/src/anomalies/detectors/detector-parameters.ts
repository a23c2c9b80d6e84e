import type { AnomalyDetectorMethod, AnomalyDetectorParametersInput } from "@cauldron/contracts";
import { invalidFields, type InvalidField } from "@cauldron/rpc";
import type { z } from "zod";
import { anomalyDetectorSettingsSchema, type AnomalyDetectorSettings } from "../detection";
import { historyBucketsOf, MAX_HISTORY_BUCKETS } from "./detector-history";

function parameterIssues(method: AnomalyDetectorMethod, issue: z.core.$ZodIssue): InvalidField[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: ["parameters", key], message: `the ${method} method takes no ${key}` }));
  }
  const path = issue.path.filter((part): part is string | number => typeof part !== "symbol");
  return [{ path: ["parameters", ...path], message: issue.message }];
}

/**
 * A detector's settings from its method and the parameters a caller sent, defaults filled in; a
 * BAD_REQUEST naming `parameters.<key>` for a value out of range, a key the method does not take,
 * or a history too long to read again at every run.
 */
export function resolveDetectorSettings(
  method: AnomalyDetectorMethod,
  parameters: AnomalyDetectorParametersInput,
): AnomalyDetectorSettings {
  const parsed = anomalyDetectorSettingsSchema.safeParse({ ...parameters, method });
  if (!parsed.success) throw invalidFields(parsed.error.issues.flatMap((issue) => parameterIssues(method, issue)));
  if (historyBucketsOf(parsed.data) > MAX_HISTORY_BUCKETS) {
    throw invalidFields([
      {
        path: ["parameters", "window"],
        message: `window + seasons × seasonLength (half the window when no season is given) is at most ${MAX_HISTORY_BUCKETS} buckets`,
      },
    ]);
  }
  return parsed.data;
}

/** The parameters of a resolved detector as they are stored beside its method. */
export function storedParameters(settings: AnomalyDetectorSettings): Omit<AnomalyDetectorSettings, "method"> {
  const { method: _method, ...parameters } = settings;
  return parameters;
}
