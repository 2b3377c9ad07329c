// Báo cáo tổng hợp of a province over its communes' periodic reports: the layout of a periodic report, its
// sections being the completeness and timeliness of the communes' reports and the roll-up tables.
import { SIZE } from './common.ts';
import { A4_PAGE, type DocModel } from './model.ts';
import { reportClosing, reportOpening, reportSections } from './periodic-report.ts';
import type { PeriodicReportDocument } from './types.ts';

export function consolidatedReportModel(doc: PeriodicReportDocument): DocModel {
  return {
    page: A4_PAGE,
    blocks: [...reportOpening(doc), ...reportSections(doc), ...reportClosing(doc)],
    title: `${doc.type} ${doc.summary}`,
    pageNumberSize: SIZE.body,
  };
}
