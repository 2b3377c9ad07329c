// The self-assessment table a resident downloads from the public page (.pdf): built from the public page's own
// answer, parsed by its contract first, so that the file carries nothing the page does not.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { suppressedRange } from '../../../core/privacy/disclosure.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { Refusal } from '../../platform/refusal.ts';
import { PDF_MIME, publicSelfAssessmentPdf, type DocumentFile } from '../documents/index.ts';
import { PublicCommuneBody } from './contracts.ts';
import { publicCommunePage } from './store.ts';

/** Bảng tự đánh giá of one posted entry of a commune, as PDF (404 when the entry is not public or has no score). */
export async function publicTableFile(
  db: Kysely<Database>,
  code: string,
  entryId: number,
  today = todayInVietnam(),
): Promise<DocumentFile> {
  // Only what the contract lists: zod drops anything else before the document sees it.
  const page = PublicCommuneBody.parse(await publicCommunePage(db, code, today));
  const entry = page.entries.find((e) => e.entryId === entryId);
  if (!entry?.score) throw new Refusal('not_found', 'publicPosting:error.entry_not_found', { id: entryId, code });
  const s = entry.score;
  const body = await publicSelfAssessmentPdf({
    communeName: page.commune.name,
    provinceName: page.commune.provinceName,
    roundTitle: entry.round.title,
    year: entry.round.year,
    source: s.source,
    total: s.total,
    maxTotal: s.maxTotal,
    threshold: s.threshold,
    takenOn: page.today,
    suppressedMax: suppressedRange().max,
    criteria: s.criteria.map((c) => ({
      code: c.code,
      title: c.title?.vi ?? c.code,
      points: c.points,
      max: c.max,
      provisional: c.provisional,
      noData: c.noData,
      items: c.items.map((i) => ({
        title: i.title?.vi ?? '',
        points: i.points,
        max: i.max,
        provisional: i.provisional,
        noData: i.noData,
        rate: i.rate,
        figures: i.figures.map((f) => ({
          label: f.label?.vi ?? '',
          kind: f.kind,
          value: f.value,
          suppressed: f.suppressed,
        })),
      })),
    })),
  });
  return { name: `Bang-tu-danh-gia-${page.commune.code}-${entry.round.year}`, ext: 'pdf', mime: PDF_MIME, body };
}
