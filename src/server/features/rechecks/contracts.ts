// What the re-check (phúc tra) routes answer: the sample and, per commune, the re-score against the decided one.
import { z } from 'zod';

export const RecheckBody = z
  .object({
    id: z.number().int(),
    roundId: z.number().int(),
    /** The seed the sample was drawn with: the same seed and share draw the same sample again. */
    seed: z.string(),
    share: z.number(),
    createdAt: z.string(),
    entries: z.array(
      z.object({
        entryId: z.number().int(),
        unitId: z.number().int(),
        code: z.string(),
        name: z.string(),
        decidedTotal: z.number().nullable(),
        recheckTotal: z.number().nullable(),
        recheckRecognized: z.boolean().nullable(),
        checkedAt: z.string().nullable(),
        differences: z.array(
          z.object({
            criterion: z.string(),
            item: z.string(),
            before: z.number(),
            after: z.number(),
            delta: z.number(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'Recheck' });

export type Recheck = z.infer<typeof RecheckBody>;
