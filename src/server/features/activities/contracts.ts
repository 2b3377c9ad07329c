// What the activity routes take and answer: an activity of a unit's log with its evidence files, the list of a
// year with what the form offers (the tasks and budget lines an activity may serve) and the year's totals.
import { z } from 'zod';
import { ACTIVITY_KINDS, activityInput, activityPatch } from '../../../core/activities/activity.ts';

/** Bodies carry no schema id: the generated document names them by their route. */
export const ActivityBody = activityInput;
export const ActivityPatchBody = activityPatch;

export const ActivityFileBody = z
  .object({
    id: z.number().int(),
    activityId: z.number().int(),
    fileName: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.string(),
    downloadUrl: z.string(),
  })
  .meta({ id: 'ActivityFile' });

export const ActivityRecord = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    kind: z.enum(ACTIVITY_KINDS),
    form: z.string(),
    heldOn: z.string(),
    title: z.string(),
    place: z.string(),
    quantity: z.number().int().nullable(),
    childrenMale: z.number().int(),
    childrenFemale: z.number().int(),
    adultsMale: z.number().int(),
    adultsFemale: z.number().int(),
    amount: z.number().int().nullable(),
    taskId: z.number().int().nullable(),
    taskText: z.string().nullable(),
    budgetLineId: z.number().int().nullable(),
    budgetLineItem: z.string().nullable(),
    note: z.string(),
    files: z.array(ActivityFileBody),
    updatedAt: z.string(),
    canWrite: z.boolean(),
  })
  .meta({ id: 'Activity' });

const TaskOption = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  planTitle: z.string(),
  text: z.string(),
  recurrence: z.enum(['once', 'monthly', 'quarterly']),
});
const BudgetLineOption = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  planTitle: z.string(),
  item: z.string(),
  source: z.string(),
  year: z.number().int().nullable(),
  estimate: z.number().int(),
});

export const ActivityList = z
  .object({
    unitId: z.number().int(),
    unitName: z.string(),
    year: z.number().int(),
    canWrite: z.boolean(),
    items: z.array(ActivityRecord),
    /** The year's statistics counted from the whole log of the year (not only the kind listed). */
    totals: z.record(z.string(), z.number()),
    tasks: z.array(TaskOption),
    budgetLines: z.array(BudgetLineOption),
  })
  .meta({ id: 'ActivityList' });

export const ActivityDeleted = z.object({ id: z.number().int() }).meta({ id: 'ActivityDeleted' });

export type ActivityRecordT = z.infer<typeof ActivityRecord>;
export type ActivityFileT = z.infer<typeof ActivityFileBody>;
export type ActivityListT = z.infer<typeof ActivityList>;
