// The checks before a plan is issued (src/core/plans/issue.ts) and what inheriting the province's plan
// adapts (src/core/plans/plan.ts): pure, no server.
import { describe, expect, it } from 'vitest';
import { isProvinceLevelTarget, issueProblems, planPeriod, type IssuablePlan } from '../../src/core/plans/issue.ts';
import { inheritFrom, type ParentPlan } from '../../src/core/plans/plan.ts';

const complete: IssuablePlan = {
  year: 2026,
  basis: 'Thực hiện Kế hoạch số 85/KH-UBND.',
  purposes: '- Bảo đảm quyền trẻ em.',
  requirements: '- Đúng thời hạn.',
  budget: '- Ngân sách xã.',
  reporting: 'Báo cáo 6 tháng và báo cáo năm.',
  recipients: 'Lưu: VT.',
  targets: [{ text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp.' }],
  tasks: [{ text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: '2026-06-30', agencyIds: [1] }],
  assignments: [{ duties: 'Tham mưu triển khai Kế hoạch.' }],
};
const fields = (plan: IssuablePlan, level: 'commune' | 'province' = 'commune', issuedOn?: string) =>
  issueProblems(plan, { level, issuedOn }).map((i) => `${i.field}:${i.key}`);

describe('issue checks', () => {
  it('finds nothing in a complete plan', () => {
    expect(fields(complete, 'commune', '2026-03-01')).toEqual([]);
  });

  it('names every required section left blank and every empty list', () => {
    const blank: IssuablePlan = {
      ...complete,
      basis: ' ',
      purposes: '',
      requirements: '',
      budget: '\n',
      reporting: '',
      recipients: '',
      targets: [],
      tasks: [],
      assignments: [],
    };
    expect(fields(blank)).toEqual([
      'basis:issue.section_required',
      'purposes:issue.section_required',
      'requirements:issue.section_required',
      'budget:issue.section_required',
      'reporting:issue.section_required',
      'recipients:issue.section_required',
      'targets:issue.no_targets',
      'tasks:issue.no_tasks',
      'assignments:issue.no_assignments',
    ]);
  });

  it('wants each task with an agency and a deadline inside the plan’s period, not before the issue date', () => {
    const plan: IssuablePlan = {
      ...complete,
      tasks: [
        { text: 'Không cơ quan', dueOn: '2026-06-30', agencyIds: [] },
        { text: 'Không hạn', dueOn: null, agencyIds: [2] },
        { text: 'Hạn năm trước', dueOn: '2025-12-31', agencyIds: [2] },
        { text: 'Hạn quá năm sau', dueOn: '2028-01-01', agencyIds: [2] },
        { text: 'Hạn trước ngày ban hành', dueOn: '2026-02-01', agencyIds: [2] },
        { text: 'Đúng ngày ban hành', dueOn: '2026-03-01', agencyIds: [2] },
        { text: 'Đã hủy: không in, không kiểm', dueOn: null, agencyIds: [], cancelled: true },
      ],
    };
    expect(fields(plan, 'commune', '2026-03-01')).toEqual([
      'tasks.0.agencyIds:issue.no_agency',
      'tasks.1.dueOn:issue.no_due',
      'tasks.2.dueOn:issue.due_outside_period',
      'tasks.3.dueOn:issue.due_outside_period',
      'tasks.4.dueOn:issue.due_before_issue',
    ]);
    // Without an issue date (the draft as it stands) only the period counts.
    expect(fields(plan)).not.toContain('tasks.4.dueOn:issue.due_before_issue');
    const [missingAgency] = issueProblems(plan, { level: 'commune' });
    expect(missingAgency!.params).toEqual({ text: 'Không cơ quan' });
    expect(planPeriod(2026)).toEqual({ from: '2026-01-01', to: '2027-12-31' });
  });

  it('refuses province-level targets in a commune’s plan, not in the province’s', () => {
    const plan: IssuablePlan = {
      ...complete,
      targets: [
        { text: 'Phấn đấu trên 70% xã, phường đạt tiêu chuẩn phù hợp với trẻ em.' },
        { text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp.' },
      ],
    };
    expect(fields(plan)).toEqual(['targets.0.text:issue.province_target']);
    expect(fields(plan, 'province')).toEqual([]);
  });

  it('tells a target counted over communes, wards or departments from the commune’s own', () => {
    for (const text of [
      'Trên 70% xã, phường đạt chuẩn',
      '100% xã, phường, thị trấn có ban chỉ đạo',
      'Có 15/92 xã đạt chuẩn',
      '100%  các xã tổ chức diễn đàn trẻ em',
      '90% số xã có điểm vui chơi',
      '100% sở, ban, ngành xây dựng kế hoạch',
      'Tối thiểu 20 xã được công nhận',
    ])
      expect(isProvinceLevelTarget(text), text).toBe(true);
    for (const text of [
      '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp',
      'Trên 98% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ',
      '100% thôn, tổ dân phố có cộng tác viên',
      'Xã đạt tiêu chuẩn xã phù hợp với trẻ em năm 2026',
      'Năm 2026 xã tổ chức 4 hoạt động vui chơi',
      '100% cơ sở giáo dục có sân chơi an toàn',
      'Giảm 5% trẻ em suy dinh dưỡng trong xã',
    ])
      expect(isProvinceLevelTarget(text), text).toBe(false);
  });
});

describe('inheriting the province’s plan', () => {
  const parent: ParentPlan = {
    id: 3,
    year: 2026,
    number: '85/KH-UBND',
    issuedOn: '2026-02-10',
    title: 'Triển khai thực hiện công tác trẻ em năm 2026',
    issuerName: 'UBND tỉnh Thái Nguyên',
    sixMonthDue: '05-10',
    annualDue: '11-10',
    targets: [
      { id: 11, text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp', indicator: 'C06.supported_rate', goal: 100 },
      { id: 12, text: 'Phấn đấu trên 70% xã, phường đạt chuẩn', indicator: null, goal: null },
      { id: 13, text: '100% sở, ngành xây dựng kế hoạch', indicator: null, goal: null },
    ],
    tasks: [
      { id: 21, text: 'Tháng hành động', dueOn: '2026-06-30' },
      { id: 22, text: 'Diễn đàn trẻ em', dueOn: '2026-09-30' },
      { id: 23, text: 'Đánh giá, công nhận', dueOn: '2026-12-15' },
      { id: 24, text: 'Không hạn', dueOn: null },
    ],
  };
  const unit = { name: 'UBND xã Đại Từ', place: 'Đại Từ', level: 'commune' as const };

  it('leaves out province-level targets and past deadlines, and says which', () => {
    const { plan, notes } = inheritFrom(parent, unit, '2026-08-01');
    expect(plan.targets.map((t) => t.inheritedFrom)).toEqual([11]);
    expect(plan.tasks.map((t) => [t.inheritedFrom, t.dueOn])).toEqual([
      [21, null],
      [22, '2026-09-30'],
      [23, '2026-12-15'],
      [24, null],
    ]);
    expect(notes).toEqual({
      droppedTargets: ['Phấn đấu trên 70% xã, phường đạt chuẩn', '100% sở, ngành xây dựng kế hoạch'],
      clearedDeadlines: [{ n: 1, text: 'Tháng hành động', dueOn: '2026-06-30' }],
    });
  });

  it('keeps everything when nothing has passed, and a deadline due today', () => {
    const { plan, notes } = inheritFrom(parent, unit, '2026-06-30');
    expect(plan.tasks[0]!.dueOn).toBe('2026-06-30');
    expect(notes.clearedDeadlines).toEqual([]);
    // The drafted plan, once given agencies and sections, passes the issue checks.
    const problems = issueProblems(
      {
        ...complete,
        targets: plan.targets,
        tasks: plan.tasks.map((t) => ({ ...t, dueOn: t.dueOn ?? '2026-12-31', agencyIds: [1] })),
      },
      { level: 'commune', issuedOn: '2026-06-30' },
    );
    expect(problems).toEqual([]);
  });
});
