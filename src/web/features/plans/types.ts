// Shapes of the plans API's JSON bodies (src/server/features/plans), as the plan pages read them.
import type { IndicatorDef } from '../../../core/plans/indicators.ts';
import type { PlanInput } from '../../../core/plans/plan.ts';
import type { TaskState, TaskStatus } from '../../../core/plans/tasks.ts';

export type { IndicatorDef, PlanInput, TaskState, TaskStatus };

export interface Agency {
  id: number;
  kind: string;
  name: string;
  active: boolean;
}

export interface PlanSummary {
  id: number;
  unitId: number;
  unitName: string;
  year: number;
  number: string;
  issuedOn: string | null;
  title: string;
  status: 'draft' | 'issued';
  parentPlanId: number | null;
  tasks: number;
  overdue: number;
}

export interface TaskView {
  id: number;
  planId: number;
  position: number;
  text: string;
  dueOn: string | null;
  status: TaskStatus;
  progress: number;
  doneOn: string | null;
  state: TaskState;
  inheritedFrom: number | null;
  agencies: Array<{ id: number; name: string }>;
}

export interface PlanView extends Omit<PlanSummary, 'tasks' | 'overdue'> {
  place: string;
  basis: string;
  purposes: string;
  requirements: string;
  budget: string;
  reporting: string;
  sixMonthDue: string;
  annualDue: string;
  reportTo: string;
  recipients: string;
  signerAuthority: string;
  signerCapacity: string;
  signerTitle: string;
  signerName: string;
  revision: number;
  level: 'province' | 'commune';
  parent: { id: number; number: string; issuedOn: string | null; title: string; unitName: string } | null;
  targets: Array<{ id: number; text: string; indicator: string | null; goal: number | null; inheritedFrom: number | null; measured: { value: number | null; met: boolean | null } | null }>;
  tasks: TaskView[];
  assignments: Array<{ id: number; agencyId: number; agencyName: string; heading: string; duties: string }>;
  canWrite: boolean;
}

export interface ProgressNote {
  id: number;
  notedOn: string;
  progress: number;
  note: string;
  evidence: string;
  byName: string | null;
}

export type UnitTask = TaskView & { planTitle: string; planYear: number };

export interface UnitInfo {
  id: number;
  name: string;
  level: string;
  parentId: number | null;
  parentName: string | null;
}
