// Shapes of the register API's JSON bodies: the server's contracts (src/server/features/register/contracts.ts).
import type { ChildRecord } from '../../../server/features/register/contracts.ts';

export type {
  AccessLogRow,
  CaseView,
  CaseWritten,
  ChildPage,
  ChildRecord,
  ChildRow,
  CircumstanceGroup as CircumstanceGroupRow,
  DerivedInput,
  DerivedInputs as DerivedBody,
  DerivedRecord,
  DerivedRecords,
  ImportCommitted,
  ImportIssue,
  ImportPreview,
  Village,
} from '../../../server/features/register/contracts.ts';

export type RegisterAccess = ChildRecord['access'];
export type CaseDeadline = NonNullable<import('../../../server/features/register/contracts.ts').CaseView['deadline']>;
