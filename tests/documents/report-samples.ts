// Writes the report documents built from report-fixtures.ts to a folder, to look at them by hand (not a test):
//   npx tsx tests/documents/report-samples.ts /tmp/report-docs
//   soffice --headless --convert-to pdf --outdir /tmp/report-docs/pdf /tmp/report-docs/*.docx /tmp/report-docs/*.xlsx
import { mkdirSync, writeFileSync } from 'node:fs';
import { consolidatedReportDocx, periodicReportDocx } from '../../src/server/features/documents/index.ts';
import { consolidatedReportDocument, periodicReportDocument } from '../../src/server/features/reports/documents.ts';
import { consolidatedWorkbook } from '../../src/server/features/reports/xlsx.ts';
import { sampleConsolidated, sampleReport, statisticsOf, VAN_PHU } from './report-fixtures.ts';

const out = process.argv[2] ?? '/tmp/report-docs';
mkdirSync(out, { recursive: true });
const extras = { reportTo: 'UBND tỉnh Thái Nguyên (qua Sở Y tế)', signature: null, ruleSet: null, today: '2026-06-25' };
for (const kind of ['six_month', 'annual', 'action_month'] as const)
  writeFileSync(`${out}/${kind}.docx`, await periodicReportDocx(periodicReportDocument(sampleReport(kind), extras)));
const forum = {
  id: 7,
  title: 'Trẻ em với phòng, chống đuối nước',
  heldOn: '2026-05-20',
  kind: 'forum' as const,
  level: 'commune',
  children: 35,
  under30: false,
};
const forumReport = sampleReport('forum', { statistics: statisticsOf('forum', VAN_PHU, 2026, forum.heldOn), forum });
writeFileSync(`${out}/forum.docx`, await periodicReportDocx(periodicReportDocument(forumReport, extras)));
const c = sampleConsolidated();
const doc = consolidatedReportDocument(c, 'six_month', { signature: null, today: c.today });
writeFileSync(`${out}/consolidated.docx`, await consolidatedReportDocx(doc));
writeFileSync(`${out}/consolidated-tables.xlsx`, await consolidatedWorkbook(c, 'six_month', 'vi'));
console.log(`written to ${out}`);
