import { z } from "zod";

/** A row id as every service exposes it. */
export const idSchema = z.string().uuid("must be a UUID");
