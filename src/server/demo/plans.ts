// The demo's plans: Thái Nguyên's plan for child work in the demo year, issued, its targets measured over the
// province's communes ("trên 70% xã, phường đạt chuẩn") and a day the communes' plans are due; Xã Đại Từ's plan
// implementing it (not Xã Vạn Phú's: many tests start from Vạn Phú having no plan), with the usual agencies, tasks
// assigned to them, one done, one under way and one overdue, a monthly task the activity log fills, and budget
// lines the log spends against; two more communes' plans, one sent on time and one late, so that the coverage list
// has every state (the province's other communes have none: missing).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlanContext } from '../features/plans/index.ts';
import {
  addDefaultAgencies,
  createPlan,
  draftFromParent,
  issuePlan,
  recordProgress,
  setPlanSent,
} from '../features/plans/index.ts';
import { createActivity } from '../features/activities/index.ts';
import { todayInVietnam } from '../platform/clock.ts';

const daysFrom = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
const earlier = (a: string, b: string) => (a < b ? a : b);

type DemoUnit = { id: number; name: string; userId: number };

const communeContext = (commune: DemoUnit, provinceId: number): PlanContext => ({
  userId: commune.userId,
  viewer: { userId: commune.userId, roles: [{ role: 'commune_officer', unitId: commune.id }] },
  unitId: commune.id,
  provinceId,
  level: 'commune',
  unitName: commune.name,
  canWrite: true,
});

export async function seedDemoPlans(
  db: Kysely<Database>,
  year: number,
  province: { id: number; name: string; userId: number },
  commune: { id: number; name: string; userId: number },
  lower: { onTime: DemoUnit; late: DemoUnit },
) {
  const today = todayInVietnam();
  // Deadlines stay inside the plan's span (its year and the next) whatever day the demo is made.
  const within = (iso: string) =>
    iso < `${year}-01-01` ? `${year}-01-01` : iso > `${year + 1}-12-31` ? `${year + 1}-12-31` : iso;
  const provinceCtx: PlanContext = {
    userId: province.userId,
    viewer: { userId: province.userId, roles: [{ role: 'province_official', unitId: province.id }] },
    unitId: province.id,
    provinceId: province.id,
    level: 'province',
    unitName: province.name,
    canWrite: true,
  };
  const communeCtx = communeContext(commune, province.id);
  // The communes' plans are due by the end of March (Tháp Mười's plan sets such a day: "trước 23/02").
  const lowerPlansDue = earlier(today, `${year}-03-31`);

  // The province's deadlines, kept for the commune: its draft leaves blank those already past, and the demo sets them again.
  const dues = [
    within(daysFrom(today, -10)),
    within(daysFrom(today, 40)),
    within(`${year}-08-31`),
    within(`${year}-12-15`),
  ];
  // Issued on a day no task is due before (the issue checks refuse a deadline before the issue date).
  const issuedBy = (day: string) => [today, day, ...dues].reduce(earlier);
  const reporting = (to: string) =>
    `Định kỳ báo cáo kết quả thực hiện Kế hoạch: báo cáo 6 tháng (trước ngày 10/5) và báo cáo năm (trước ngày 10/11) về ${to} để tổng hợp, báo cáo cấp trên theo quy định.`;
  const departments = await addDefaultAgencies(db, provinceCtx);
  const dept = (name: string) => departments.find((a) => a.name === name)!.id;
  const { id: provincePlan } = await createPlan(db, provinceCtx, {
    year,
    title: `Triển khai thực hiện công tác trẻ em năm ${year} trên địa bàn tỉnh Thái Nguyên`,
    place: 'Thái Nguyên',
    basis: `Thực hiện Chương trình hành động quốc gia vì trẻ em giai đoạn 2021-2030 và hướng dẫn của Bộ Y tế về công tác trẻ em năm ${year}, UBND tỉnh Thái Nguyên ban hành Kế hoạch triển khai thực hiện công tác trẻ em năm ${year} với các nội dung cụ thể như sau:`,
    purposes:
      '- Tăng cường sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền các cấp trong công tác bảo vệ, chăm sóc và giáo dục trẻ em.',
    requirements: '- Các sở, ngành, UBND các xã, phường xây dựng kế hoạch của đơn vị và báo cáo đúng thời hạn.',
    budget: '- Ngân sách nhà nước theo phân cấp và các nguồn huy động hợp pháp khác.',
    reportTo: 'Bộ Y tế (qua Cục Bà mẹ và Trẻ em)',
    reporting: reporting('Bộ Y tế (qua Cục Bà mẹ và Trẻ em)'),
    recipients:
      'Bộ Y tế (B/c);\nTT Tỉnh ủy, TT HĐND tỉnh (B/c);\nCác sở, ban, ngành, đoàn thể tỉnh;\nUBND các xã, phường;\nLưu: VT.',
    signerCapacity: 'KT. CHỦ TỊCH',
    signerTitle: 'PHÓ CHỦ TỊCH',
    signerName: 'Nguyễn Văn Quang',
    lowerPlansDue,
    targets: [
      {
        text: '100% trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc dưới các hình thức phù hợp.',
        indicator: 'C06.supported_rate',
        goal: 100,
      },
      { text: 'Trên 98% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.', indicator: 'C07.immunized_rate', goal: 98 },
      // Measured over the province's communes; the dashboard compares with it instead of the national default.
      {
        text: 'Phấn đấu trên 70% xã, phường đạt tiêu chuẩn phù hợp với trẻ em.',
        indicator: 'communes.recognised_rate',
        goal: 70,
        comparison: 'above',
      },
    ],
    tasks: [
      {
        text: 'Tổ chức Tháng hành động vì trẻ em với chủ đề do Bộ Y tế hướng dẫn.',
        dueOn: dues[0],
        agencyIds: [dept('Sở Y tế')],
      },
      {
        text: 'Tổ chức Diễn đàn trẻ em cấp xã và cấp tỉnh; trả lời kiến nghị của trẻ em.',
        dueOn: dues[1],
        agencyIds: [dept('Tỉnh đoàn')],
      },
      {
        text: 'Triển khai phòng, chống đuối nước trẻ em; dạy bơi an toàn trong dịp hè.',
        dueOn: dues[2],
        agencyIds: [dept('Sở Văn hóa, Thể thao và Du lịch')],
      },
      {
        text: 'Đánh giá, công nhận xã, phường phù hợp với trẻ em.',
        dueOn: dues[3],
        agencyIds: [dept('Sở Y tế'), dept('UBND các xã, phường')],
      },
    ],
    assignments: [
      {
        agencyId: dept('Sở Y tế'),
        duties: 'Chủ trì, hướng dẫn, theo dõi việc thực hiện Kế hoạch; tổng hợp báo cáo UBND tỉnh.',
      },
      {
        agencyId: dept('UBND các xã, phường'),
        duties: 'Xây dựng kế hoạch công tác trẻ em của địa phương và báo cáo đúng thời hạn.',
      },
    ],
  });
  const provinceIssued = issuedBy(`${year}-02-10`);
  await issuePlan(db, provinceCtx, provincePlan, { number: '85/KH-UBND', issuedOn: provinceIssued });
  // Sent to the Ministry a few days after it was issued.
  await setPlanSent(db, provinceCtx, provincePlan, earlier(today, daysFrom(provinceIssued, 5)));

  // Đại Từ implements it: the inherited draft, its own agencies on each task, issued a little later.
  const agencies = await addDefaultAgencies(db, communeCtx);
  const agency = (kind: string) => agencies.find((a) => a.kind === kind)!.id;
  // The draft leaves out the province-level target ("trên 70% xã, phường …") and the deadlines already past.
  const { plan: draft } = await draftFromParent(db, communeCtx, provincePlan);
  const assignees = [
    [agency('officer'), agency('youth_union')],
    [agency('youth_union'), agency('school')],
    [agency('village_head'), agency('school')],
    [agency('officer')],
  ];
  const { id: communePlan } = await createPlan(db, communeCtx, {
    ...draft,
    // 'UBND Tỉnh Thái Nguyên' reads 'UBND tỉnh Thái Nguyên' inside a sentence.
    basis: draft.basis.replace(/UBND (Tỉnh|Xã)/gu, (m) => m.toLocaleLowerCase('vi').replace('ubnd', 'UBND')),
    title: `Triển khai thực hiện công tác trẻ em năm ${year} trên địa bàn xã Đại Từ`,
    place: 'Đại Từ',
    purposes:
      '- Nâng cao hiệu quả quản lý nhà nước về công tác trẻ em trên địa bàn xã.\n- Xây dựng môi trường sống an toàn, thân thiện cho trẻ em; phòng ngừa bạo lực, xâm hại, tai nạn thương tích, đuối nước.',
    requirements: '- Các cơ quan, đơn vị, thôn tổ chức thực hiện bảo đảm chất lượng, đúng thời hạn.',
    reportTo: 'UBND tỉnh (qua Sở Y tế)',
    reporting: reporting('UBND tỉnh (qua Sở Y tế)'),
    recipients:
      'UBND tỉnh (qua Sở Y tế) (B/c);\nTT Đảng ủy, TT HĐND xã (B/c);\nCT, các Phó CT UBND xã;\nTrưởng thôn các thôn;\nLưu: VT.',
    signerName: 'Hoàng Văn Đức',
    tasks: [
      ...draft.tasks.map((t, i) => ({ ...t, dueOn: t.dueOn ?? dues[i] ?? null, agencyIds: assignees[i] ?? [] })),
      // "01 tin bài mỗi tháng": each month of the year is an occurrence, done by one broadcast in the activity log.
      {
        text: 'Phát ít nhất 01 tin bài về bảo vệ, chăm sóc trẻ em trên hệ thống loa truyền thanh xã mỗi tháng.',
        dueOn: within(`${year}-12-31`),
        agencyIds: [agency('officer'), agency('village_head')],
        recurrence: 'monthly' as const,
        perOccurrence: 1,
      },
    ],
    budget: '- Từ ngân sách xã và các nguồn huy động hợp pháp khác (chi tiết theo bảng kinh phí).',
    budgetLines: [
      { item: 'Tuyên truyền trên loa truyền thanh, in tờ rơi', source: 'commune' as const, estimate: 6_000_000 },
      { item: 'Tháng hành động vì trẻ em, Diễn đàn trẻ em', source: 'commune' as const, estimate: 15_000_000 },
      { item: 'Quỹ Bảo trợ trẻ em xã: thăm, tặng quà trẻ em', source: 'socialised' as const, estimate: 20_000_000 },
    ],
    assignments: [
      {
        agencyId: agency('officer'),
        heading: 'Công chức Văn hóa - Xã hội',
        duties:
          '- Tham mưu triển khai Kế hoạch; theo dõi, tổng hợp, báo cáo kết quả thực hiện.\n- Tuyên truyền về phòng, chống bạo lực, xâm hại, tai nạn thương tích trẻ em.',
      },
      { agencyId: agency('finance'), heading: '', duties: 'Tham mưu bố trí kinh phí thực hiện Kế hoạch.' },
      {
        agencyId: agency('village_head'),
        heading: 'Trưởng thôn của các thôn',
        duties: 'Tuyên truyền tới người dân về bảo vệ trẻ em và Tổng đài 111.',
      },
    ],
  });
  const issued = issuedBy(`${year}-03-01`);
  await issuePlan(db, communeCtx, communePlan, { number: '12/KH-UBND', issuedOn: issued });
  await setPlanSent(db, communeCtx, communePlan, earlier(today, daysFrom(issued, 3)));
  const tasks = await db
    .selectFrom('plan_task')
    .select(['id', 'position'])
    .where('plan_id', '=', communePlan)
    .orderBy('position')
    .execute();
  // Task 1 is left overdue; task 2 is under way; task 3 is done.
  await recordProgress(db, communeCtx, tasks[1]!.id, {
    notedOn: today,
    progress: 40,
    note: 'Đã tổ chức diễn đàn ở 5/12 thôn',
    evidence: 'Biên bản diễn đàn trẻ em thôn Đồng Tâm',
  });
  await recordProgress(db, communeCtx, tasks[2]!.id, {
    notedOn: today,
    progress: 100,
    note: 'Đã rà soát, cắm biển cảnh báo tại 8 điểm nước sâu',
    evidence: 'Báo cáo số 15/BC-UBND',
  });
  await seedDemoActivities(db, communeCtx, communePlan, year, today);
  await seedLowerPlans(db, province.id, provincePlan, lower, year, today);
  return { provincePlan, communePlan };
}

/**
 * What Đại Từ's activity log holds: a broadcast each month from July serving the monthly task (August's missed),
 * the fund raised and spent against its budget line, a training course and a board meeting. From July: the
 * six-month report (data to 14/06) keeps the figures its tests type in.
 */
async function seedDemoActivities(db: Kysely<Database>, ctx: PlanContext, planId: number, year: number, today: string) {
  const task = await db
    .selectFrom('plan_task')
    .select('id')
    .where('plan_id', '=', planId)
    .where('recurrence', '=', 'monthly')
    .executeTakeFirstOrThrow();
  const lines = await db
    .selectFrom('plan_budget_line')
    .select(['id', 'position'])
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
  const line = (n: number) => lines[n]?.id ?? null;
  const base = {
    form: '',
    place: 'Hội trường UBND xã Đại Từ',
    quantity: null,
    childrenMale: 0,
    childrenFemale: 0,
    adultsMale: 0,
    adultsFemale: 0,
    amount: null,
    taskId: null,
    budgetLineId: null,
    note: '',
  };
  const activities = [
    ...['07', '09', '10', '11'].map((month) => ({
      ...base,
      kind: 'communication' as const,
      form: 'loudspeaker',
      heldOn: `${year}-${month}-05`,
      title: `Tin bài tháng ${Number(month)}: phòng, chống xâm hại, tai nạn thương tích trẻ em`,
      place: 'Đài truyền thanh xã',
      quantity: 6,
      taskId: task.id,
    })),
    {
      ...base,
      kind: 'training' as const,
      heldOn: `${year}-07-22`,
      title: 'Tập huấn Bộ tiêu chí xã phù hợp với trẻ em cho trưởng thôn, cộng tác viên',
      adultsMale: 9,
      adultsFemale: 14,
      amount: 3_500_000,
      budgetLineId: line(0),
    },
    {
      ...base,
      kind: 'board_meeting' as const,
      heldOn: `${year}-08-12`,
      title: 'Họp Ban chỉ đạo bảo vệ, chăm sóc trẻ em xã 6 tháng cuối năm',
      adultsMale: 7,
      adultsFemale: 5,
    },
    {
      ...base,
      kind: 'fund' as const,
      form: 'raised',
      heldOn: `${year}-09-15`,
      title: 'Vận động Quỹ Bảo trợ trẻ em dịp Tết Trung thu',
      amount: 12_500_000,
    },
    {
      ...base,
      kind: 'fund' as const,
      form: 'spent',
      heldOn: `${year}-09-24`,
      title: 'Tặng quà Trung thu cho 25 trẻ em có hoàn cảnh đặc biệt',
      childrenMale: 12,
      childrenFemale: 13,
      amount: 7_500_000,
      budgetLineId: line(2),
    },
  ];
  // An activity in the future is refused: a demo made earlier in the year holds those already past.
  for (const a of activities) if (a.heldOn <= today) await createActivity(db, ctx, a);
}

/**
 * Two more communes implement the province's plan: one issued and sent before the due day, one after it. The
 * draft is the province's; every task goes to the cultural-social officer, due at the year's end.
 */
async function seedLowerPlans(
  db: Kysely<Database>,
  provinceId: number,
  parentPlanId: number,
  lower: { onTime: DemoUnit; late: DemoUnit },
  year: number,
  today: string,
) {
  const stories = [
    { unit: lower.onTime, number: '08/KH-UBND', issuedOn: `${year}-03-20`, sentOn: `${year}-03-24` },
    { unit: lower.late, number: '21/KH-UBND', issuedOn: `${year}-04-16`, sentOn: `${year}-04-20` },
  ];
  for (const s of stories) {
    const ctx = communeContext(s.unit, provinceId);
    const agencies = await addDefaultAgencies(db, ctx);
    const officer = agencies.find((a) => a.kind === 'officer')!.id;
    const place = s.unit.name.replace(/^(Xã|Phường) /u, '');
    const { plan: draft } = await draftFromParent(db, ctx, parentPlanId);
    const { id } = await createPlan(db, ctx, {
      ...draft,
      basis: draft.basis.replace(/UBND (Tỉnh|Xã)/gu, (m) => m.toLocaleLowerCase('vi').replace('ubnd', 'UBND')),
      title: `Triển khai thực hiện công tác trẻ em năm ${year} trên địa bàn ${s.unit.name.toLocaleLowerCase('vi')}`,
      place,
      purposes: '- Nâng cao hiệu quả công tác bảo vệ, chăm sóc trẻ em trên địa bàn.',
      requirements: '- Các cơ quan, đơn vị tổ chức thực hiện bảo đảm chất lượng, đúng thời hạn.',
      budget: '- Từ ngân sách địa phương và các nguồn huy động hợp pháp khác.',
      reportTo: 'UBND tỉnh (qua Sở Y tế)',
      reporting:
        'Định kỳ báo cáo kết quả thực hiện Kế hoạch: báo cáo 6 tháng (trước ngày 10/5) và báo cáo năm (trước ngày 10/11) về UBND tỉnh (qua Sở Y tế).',
      recipients: 'UBND tỉnh (qua Sở Y tế) (B/c);\nLưu: VT.',
      signerName: 'Trần Văn Bình',
      tasks: draft.tasks.map((t) => ({ ...t, dueOn: `${year}-12-31`, agencyIds: [officer] })),
      assignments: [{ agencyId: officer, heading: '', duties: 'Tham mưu triển khai, theo dõi, báo cáo kết quả.' }],
    });
    // Dates not yet come when the demo is made are left for later: the plan stays a draft (pending).
    if (s.issuedOn > today) continue;
    await issuePlan(db, ctx, id, { number: s.number, issuedOn: s.issuedOn });
    if (s.sentOn <= today) await setPlanSent(db, ctx, id, s.sentOn);
  }
}
