// Shapes of the plans API's JSON bodies, as the plan pages read them: the server's contracts (type-only).
import type { IndicatorDef } from '../../../core/plans/indicators.ts';
import type { PlanInput } from '../../../core/plans/plan.ts';
import type { TaskState, TaskStatus } from '../../../core/plans/tasks.ts';
import type {
  PlanAgency,
  PlanDraft,
  PlanSummary,
  PlanTask,
  PlanView,
  ProgressNote,
  UnitTask,
} from '../../../server/features/plans/contracts.ts';

export type {
  IndicatorDef,
  PlanDraft,
  PlanInput,
  PlanSummary,
  PlanView,
  ProgressNote,
  TaskState,
  TaskStatus,
  UnitTask,
};
export type TaskView = PlanTask;
export type Agency = PlanAgency;

export interface UnitInfo {
  id: number;
  name: string;
  level: string;
  parentId: number | null;
  parentName: string | null;
}
