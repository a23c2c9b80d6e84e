import { z } from "zod";

/** The anomaly detection methods a series can be watched with. */
export const ANOMALY_METHODS = ["mad", "seasonal_mad"] as const;
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

/** The most history one detector keeps per series, to bound its memory. */
export const MAX_DETECTOR_WINDOW = 20_000;

const window = z
  .int()
  .min(8, "window must hold at least 8 points for a median and MAD to mean anything")
  .max(MAX_DETECTOR_WINDOW, `window is at most ${MAX_DETECTOR_WINDOW} points`)
  .default(60);

// 3.5 is the usual cut-off for the MAD-based ("modified") z-score.
const threshold = z.number().positive("threshold must be above 0").max(1_000).default(3.5);

// Points after an episode opens during which further flags belong to it and raise no new alert.
const cooldown = z
  .int()
  .min(0)
  .max(MAX_DETECTOR_WINDOW, `cooldown is at most ${MAX_DETECTOR_WINDOW} points`)
  .default(0);

/**
 * A rolling median and MAD of the last `window` points; a point is flagged at `threshold` robust
 * deviations, and a flag opens an episode unless one opened within the last `cooldown` points.
 */
export const madDetectorSettingsSchema = z.strictObject({
  method: z.literal("mad"),
  window,
  threshold,
  cooldown,
});

/**
 * The median of the same phase in the last `seasons` seasons as the expected value, and the MAD of
 * the last `window` residuals as the spread. Without `seasonLength`, the season is read from the
 * autocorrelation of the first `window` points (the training part).
 */
export const seasonalMadDetectorSettingsSchema = z.strictObject({
  method: z.literal("seasonal_mad"),
  window,
  threshold,
  cooldown,
  seasonLength: z
    .int()
    .min(2, "seasonLength must be at least 2 points")
    .max(MAX_DETECTOR_WINDOW, `seasonLength is at most ${MAX_DETECTOR_WINDOW} points`)
    .optional(),
  seasons: z.int().min(1).max(10, "seasons is at most 10").default(3),
});

/** Settings of one anomaly detector, told apart by `method`; parsing fills in defaults. */
export const anomalyDetectorSettingsSchema = z.discriminatedUnion("method", [
  madDetectorSettingsSchema,
  seasonalMadDetectorSettingsSchema,
]);

export type MadDetectorSettings = z.infer<typeof madDetectorSettingsSchema>;
export type SeasonalMadDetectorSettings = z.infer<typeof seasonalMadDetectorSettingsSchema>;
export type AnomalyDetectorSettings = z.infer<typeof anomalyDetectorSettingsSchema>;
/** Settings as a caller may send them, defaults left out. */
export type AnomalyDetectorSettingsInput = z.input<typeof anomalyDetectorSettingsSchema>;
