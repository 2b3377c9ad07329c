// The written parts of a periodic report (results, difficulties, proposals) and the Vietnamese draft of
// them generated from the figures, which the officer then edits. Pure.
import type { ReportFigures, ReportKind } from '../../../core/plans/reports.ts';
import { formatNumber, translator } from '../../../i18n/index.ts';

export interface Narrative {
  results: string;
  difficulties: string;
  proposals: string;
}

export const emptyNarrative = (): Narrative => ({ results: '', difficulties: '', proposals: '' });

// periodic_report has one text column: the three parts travel in it as JSON (a plain text is read as the results).
export function parseNarrative(text: string): Narrative {
  if (!text.trim()) return emptyNarrative();
  try {
    const v = JSON.parse(text) as Partial<Narrative>;
    if (v && typeof v === 'object')
      return {
        results: String(v.results ?? ''),
        difficulties: String(v.difficulties ?? ''),
        proposals: String(v.proposals ?? ''),
      };
  } catch {
    // not JSON: an older free text
  }
  return { ...emptyNarrative(), results: text };
}

export const storeNarrative = (n: Narrative): string =>
  JSON.stringify({ results: n.results, difficulties: n.difficulties, proposals: n.proposals });

/** 'Xã Vạn Phú' → 'xã Vạn Phú', as it reads inside a sentence. */
export const inSentence = (name: string) =>
  name.replace(/^(Tỉnh|Thành phố|Xã|Phường|Đặc khu|Thị trấn)/u, (m) => m.toLocaleLowerCase('vi-VN'));

const n = (v: number) => formatNumber(v, 'vi', 1);

/** The period as it reads in a sentence: '6 tháng đầu năm 2026' / 'năm 2026'. */
export function periodPhrase(year: number, kind: ReportKind): string {
  return translator('vi')(`reports:period.${kind}`, { year });
}

/** A first draft of the written parts, in Vietnamese, from the figures. */
export function draftNarrative(
  f: ReportFigures,
  unit: { name: string; level: 'province' | 'commune' },
  year: number,
  kind: ReportKind,
): Narrative {
  const t = translator('vi');
  const d = (key: string, params: Record<string, unknown> = {}) => t(`reports:draft.${key}`, params);
  const period = periodPhrase(year, kind);
  const unitName = inSentence(unit.name);
  const results: string[] = [];
  const difficulties: string[] = [];

  if (f.tasks.total === 0) results.push(d('noTasks', { period, unit: unitName, year }));
  else
    results.push(
      d('tasks', {
        period,
        unit: unitName,
        year,
        total: f.tasks.total,
        done: f.tasks.done,
        inProgress: f.tasks.inProgress,
        notStarted: f.tasks.notStarted,
        progress: f.tasks.meanProgress,
      }),
    );
  const measured = f.targets.filter((x) => x.met !== null);
  if (measured.length)
    results.push(
      d('targets', { met: measured.filter((x) => x.met).length, measured: measured.length, total: f.targets.length }),
    );
  const fo = f.forums;
  if (fo.forums + fo.consultations + fo.events > 0) results.push(d('forums', { ...fo }));
  else difficulties.push(d('noForums', { period }));
  const respondents = (f.surveys.children?.respondents ?? 0) + (f.surveys.residents?.respondents ?? 0);
  const satisfied = (f.surveys.children?.satisfied ?? 0) + (f.surveys.residents?.satisfied ?? 0);
  if (respondents > 0) results.push(d('surveys', { respondents, rate: n((100 * satisfied) / respondents) }));
  if (f.score)
    results.push(
      d(f.score.recognized ? 'scoreRecognized' : 'scoreNotRecognized', {
        total: n(f.score.total),
        max: n(f.score.maxTotal),
        threshold: n(f.score.threshold),
        year,
      }),
    );
  else if (unit.level === 'commune') difficulties.push(d('noScore', { year }));

  if (f.tasks.overdue > 0) difficulties.push(d('overdue', { count: f.tasks.overdue }));
  if (f.tasks.doneLate > 0) difficulties.push(d('doneLate', { count: f.tasks.doneLate }));
  const unmet = measured.filter((x) => !x.met);
  if (unmet.length)
    difficulties.push(
      d('unmet', { count: unmet.length, list: unmet.map((x) => x.text.replace(/[.;\s]+$/u, '')).join('; ') }),
    );
  if (f.score?.zeroCriteria.length) difficulties.push(d('zeroCriteria', { list: f.score.zeroCriteria.join(', ') }));
  if (!difficulties.length) difficulties.push(d('noDifficulties'));

  return {
    results: results.map((s) => `- ${s}`).join('\n'),
    difficulties: difficulties.map((s) => `- ${s}`).join('\n'),
    proposals: `- ${d(unit.level === 'commune' ? 'proposalCommune' : 'proposalProvince')}`,
  };
}
