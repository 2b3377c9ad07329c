// The dashboard's JSON as the page reads it: the server's own types, imported for their shape only.
export type {
  BreakdownRow,
  CriterionFigure,
  Dashboard,
  TargetComparison,
  TimelinessRow,
  TrendPoint,
  Warning,
} from '../../../server/features/dashboards/contracts.ts';
export type Level = 'nation' | 'province' | 'commune';
