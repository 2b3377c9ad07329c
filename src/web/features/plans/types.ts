// Shapes of the plans API's JSON bodies (src/server/features/plans), as the plan pages read them.
import type { IndicatorDef } from '../../../core/plans/indicators.ts';
import type { PlanInput } from '../../../core/plans/plan.ts';
import type { TaskState, TaskStatus } from '../../../core/plans/tasks.ts';
// The views are the server's own types (type-only: nothing of the server reaches the bundle).
import type { AgencyView, PlanSummary, PlanView, TaskView } from '../../../server/features/plans/store.ts';
import type { ProgressView } from '../../../server/features/plans/tasks.ts';

export type { IndicatorDef, PlanInput, TaskState, TaskStatus };

export type { PlanSummary, PlanView, TaskView };
export type Agency = AgencyView;
export type ProgressNote = ProgressView;

export type UnitTask = TaskView & { planTitle: string; planYear: number };

export interface UnitInfo {
  id: number;
  name: string;
  level: string;
  parentId: number | null;
  parentName: string | null;
}
