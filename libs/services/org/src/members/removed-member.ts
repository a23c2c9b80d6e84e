import { z } from "zod";

/** What removing or leaving answers: the member and the teams they left with the organization. */
export const removedMemberSchema = z.object({ userId: z.string(), teamIds: z.array(z.string()) });

/** A membership that has just ended. */
export type RemovedMember = z.infer<typeof removedMemberSchema>;
