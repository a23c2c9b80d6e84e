import { parseBucketSeconds } from "@cauldron/contracts";
import { invalidFields } from "@cauldron/rpc";

/** The width in seconds of a bucket the input schema accepted; BAD_REQUEST on `bucket` otherwise. */
export function detectorBucketSeconds(bucket: string): number {
  const seconds = parseBucketSeconds(bucket);
  if (seconds === undefined)
    throw invalidFields([{ path: ["bucket"], message: "bucket must be a width such as '5 minutes'" }]);
  return seconds;
}
