// What the re-check (phúc tra) routes answer: the sample and, per commune, the re-score against the decided one.
import { z } from 'zod';

export const RecheckBody = z
  .object({
    id: z.number().int(),
    roundId: z.number().int(),
    /** The seed the sample was drawn with: the same seed and share draw the same sample again. */
    seed: z.string(),
    share: z.number(),
    /** A stratified re-check: the grouping drawn from and how many communes per group (null: a share of all). */
    grouping: z.string().nullable(),
    perGroup: z.number().int().nullable(),
    createdAt: z.string(),
    entries: z.array(
      z.object({
        entryId: z.number().int(),
        unitId: z.number().int(),
        code: z.string(),
        name: z.string(),
        /** A stratified re-check: the group the commune was drawn from ('' for communes no group reached). */
        group: z.string().nullable(),
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

/** A re-check is drawn as a share of all recognised communes, or as n communes per group of a grouping. */
export const DrawRecheckBody = z.object({
  share: z.number().gt(0).max(1).optional(),
  grouping: z.string().min(1).max(100).optional(),
  perGroup: z.number().int().min(1).max(100).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export type DrawRecheck = z.infer<typeof DrawRecheckBody>;

export type Recheck = z.infer<typeof RecheckBody>;
