// Refusals carry days as the data layer holds them ('2026-12-12'); the edge shows them as people read them.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { say, shownParam } from '../../src/server/http/errors.ts';
import { phrase } from '../../src/server/platform/refusal.ts';

describe('days in refusals', () => {
  it('shows a calendar day dd/mm/yyyy in both languages, nested phrases too', () => {
    expect(say(translator('vi'), phrase('rounds:error.posting_not_over', { until: '2026-12-12' }), 'vi')).toBe(
      'Đang công khai kết quả tự đánh giá đến hết ngày 12/12/2026; nộp hồ sơ sau thời gian công khai.',
    );
    expect(say(translator('en'), phrase('rounds:error.posting_not_over', { until: '2026-12-12' }), 'en')).toContain(
      '12/12/2026',
    );
    const nested = phrase('common:field.row', {
      section: phrase('plans:field.tasks'),
      n: 1,
      own: phrase('rounds:error.meeting_in_future', { value: '2099-01-05' }),
    });
    expect(say(translator('vi'), nested, 'vi')).toContain('05/01/2099');
  });

  it('leaves everything else as it is', () => {
    expect(shownParam('2026-02-30')).toBe('2026-02-30'); // not a day: shown as typed
    expect(shownParam('2026-12-12T10:00:00Z')).toBe('2026-12-12T10:00:00Z');
    expect(shownParam('Xã 2026-12-12')).toBe('Xã 2026-12-12');
    expect(shownParam(20261212)).toBe(20261212);
    expect(shownParam('"2026-12-12"')).toBe('"2026-12-12"'); // a value quoted as sent stays as sent
  });
});
