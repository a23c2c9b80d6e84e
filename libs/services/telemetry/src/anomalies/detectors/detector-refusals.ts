import { conflict, type RefusalError } from "@cauldron/rpc";

/** NOT_FOUND's message for a detector id that is not in the active organization. */
export const DETECTOR_NOT_FOUND = "Anomaly detector not found in this organization";

/** The CONFLICT (reason `name_taken`) for a detector name the organization uses already. */
export function detectorNameTaken(name: string): RefusalError {
  return conflict(
    "name_taken",
    `An anomaly detector named "${name}" already exists in this organization; choose another`,
  );
}
