// The dashboard's JSON as the page reads it: the server's own types, imported for their shape only.
export type { BreakdownRow, CriterionFigure, Dashboard, TimelinessRow, TrendPoint, Warning } from '../../../server/features/dashboards/store.ts';
export type { TargetComparison } from '../../../core/dashboards/targets.ts';
export type Level = 'nation' | 'province' | 'commune';
