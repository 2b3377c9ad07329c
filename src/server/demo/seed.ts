// First-run demo: categories, accounts and realistic values for six communes of Thái Nguyên.
import type { Kysely } from 'kysely';
import { unitInSentence } from '../../core/unit-names.ts';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../features/audit/index.ts';
import { createUser } from '../features/auth/index.ts';
import { saveValues } from '../features/assessments/index.ts';
import { ensurePeriod } from '../platform/periods.ts';
import { loadSessionUser } from '../features/auth/index.ts';
import {
  defaultCalendar,
  ensureEntry,
  recordDecision,
  reviewItem,
  saveCouncil,
  transition,
} from '../features/rounds/index.ts';
import { DEMO_REGISTER, seedDemoRegister } from './register.ts';
import { seedDemoPlans } from './plans.ts';
import { seedDemoHazards } from './hazards.ts';
import { DEMO_ACCOUNTS, DEMO_COMMUNES, DEMO_PASSWORD, DEMO_PROVINCE_CODE, type DemoCommune } from './accounts.ts';

export const DEMO_YEAR = 2026;

/** Inputs of a commune of `children` children, shaped by the story the demo tells about it. */
export function demoValues(story: DemoCommune['story'], children: number): Record<string, number | boolean> {
  const under1 = Math.round(children * 0.06);
  const age3to5 = Math.round(children * 0.17);
  const under5 = Math.round(children * 0.3);
  const over7 = Math.round(children * 0.55);
  // "good" communes lose a few points here and there (about 970); "weak" ones about 805.
  const good = story !== 'below_threshold';
  const pick = <T>(a: T, b: T) => (good ? a : b);
  const v: Record<string, number | boolean> = {
    'pop.children': children,
    'pop.under1': under1,
    'pop.age3to5': age3to5,
    'pop.villages': 12,
    'C01.staff': true,
    'C01.collaborators': true,
    'C01.board': true,
    'C01.budget': good,
    'C02.births': under1,
    'C02.registered': under1 - pick(1, 3),
    'C03.abused': pick(0, 1),
    'C03.supported': pick(0, 1),
    'C04.children': 0,
    'C05.injured': Math.floor(children * pick(0.004, 0.0052)),
    'C05.deaths': story === 'zero_criterion' ? 1 : 0,
    'C06.special': 24,
    'C06.supported': pick(24, 22),
    'C06.cases': pick(0, 1),
    'C06.planned': pick(0, 1),
    'C07.immunized': under1 - pick(0, 4),
    'C08.weighed': under5,
    'C08.underweight': Math.floor(under5 * pick(0.045, 0.07)),
    'C08.stunted': Math.floor(under5 * 0.12),
    'C09.eligible': over7,
    'C09.checked': Math.floor(over7 * pick(0.93, 0.82)),
    'C10.attending': Math.floor(age3to5 * pick(0.97, 0.92)),
    'C11.forum': true,
    'C11.eligible': over7,
    'C11.consulted': Math.floor(over7 * pick(0.62, 0.55)),
    'C11.answered': good,
    'C12.playground': true,
    'C12.villages': pick(11, 7),
    'C12.events': pick(4, 2),
    'C13.respondents': 300,
    'C13.satisfied': pick(276, 240),
  };
  if (story === 'draft') {
    // A commune midway through data entry: only the base counts and criterion 1 so far.
    return Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith('pop.') || k.startsWith('C01.')));
  }
  return v;
}

export interface DemoSummary {
  province: string;
  communes: Array<{ code: string; name: string; username: string; story: string }>;
  accounts: Array<{ username: string; role: string; unit: string | null }>;
}

/** Creates the demo unless any user exists already; returns null when skipped. */
export async function seedDemo(db: Kysely<Database>): Promise<DemoSummary | null> {
  const anyUser = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (anyUser) return null;
  const province = await db
    .selectFrom('unit')
    .select(['id', 'name'])
    .where('level', '=', 'province')
    .where('code', '=', DEMO_PROVINCE_CODE)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .where(
      'code',
      'in',
      DEMO_COMMUNES.map((c) => c.code),
    )
    .execute();
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const periodId = await ensurePeriod(db, DEMO_YEAR);
  await ensurePeriod(db, DEMO_YEAR - 1);
  const accounts: DemoSummary['accounts'] = [];
  const userIds = new Map<string, number>();
  for (const account of DEMO_ACCOUNTS) {
    const unit =
      'communeCode' in account
        ? byCode.get(account.communeCode)!
        : account.role === 'system_admin' || account.role === 'ministry_official'
          ? null
          : province;
    const id = await createUser(db, {
      username: account.username,
      password: DEMO_PASSWORD,
      fullName: 'communeCode' in account ? `Cán bộ ${unit!.name}` : account.fullName,
      roles: [{ role: account.role, unitId: unit?.id ?? null, sector: 'sector' in account ? account.sector : null }],
    });
    userIds.set(account.username, id);
    accounts.push({ username: account.username, role: account.role, unit: unit?.name ?? null });
  }
  const provinceUser = userIds.get('tinh.thainguyen')!;
  for (const [n, c] of DEMO_COMMUNES.entries()) {
    const unit = byCode.get(c.code)!;
    await db.updateTable('unit').set({ category: c.category }).where('id', '=', unit.id).execute();
    await writeAudit(db, {
      userId: provinceUser,
      action: 'set_category',
      entity: 'unit',
      entityId: unit.id,
      before: { category: null },
      after: { category: c.category },
    });
    const values = demoValues(c.story, 2400 + n * 650);
    const notes = {
      'pop.children': 'Sổ theo dõi trẻ em của xã, 30/09/2026',
      'C07.immunized': 'Sổ tiêm chủng của Trạm Y tế',
    };
    await saveValues(
      db,
      unit.id,
      periodId,
      { values, notes: Object.fromEntries(Object.entries(notes).filter(([k]) => k in values)) },
      { userId: userIds.get(c.username)! },
    );
  }
  await seedRound(db, province.id, periodId, new Map(communes.map((c) => [c.code, c.id])), userIds);
  await seedDemoRegister(
    db,
    byCode.get(DEMO_REGISTER.communeCode)!.id,
    province.id,
    userIds.get(DEMO_REGISTER.officer)!,
  );
  const daiTu = byCode.get(DEMO_REGISTER.communeCode)!;
  await seedDemoHazards(db, daiTu.id, province.id, userIds.get(DEMO_REGISTER.officer)!);
  const demoUnit = (code: string) => {
    const c = DEMO_COMMUNES.find((x) => x.code === code)!;
    return { id: byCode.get(code)!.id, name: byCode.get(code)!.name, userId: userIds.get(c.username)! };
  };
  await seedDemoPlans(
    db,
    DEMO_YEAR,
    { id: province.id, name: province.name, userId: provinceUser },
    { id: daiTu.id, name: daiTu.name, userId: userIds.get(DEMO_REGISTER.officer)! },
    // Their plans, one sent on time and one late, for the province's plan coverage.
    { onTime: demoUnit('05809'), late: demoUnit('05443') },
  );
  accounts.push(
    { username: DEMO_REGISTER.chairman, role: 'commune_chairman', unit: byCode.get(DEMO_REGISTER.communeCode)!.name },
    { username: DEMO_REGISTER.collaborator, role: 'collaborator', unit: byCode.get(DEMO_REGISTER.communeCode)!.name },
  );
  return {
    province: province.name,
    communes: DEMO_COMMUNES.map((c) => ({
      code: c.code,
      name: byCode.get(c.code)!.name,
      username: c.username,
      story: c.story,
    })),
    accounts,
  };
}

/** The demo's round of 2026: dossiers at several steps, so that every screen has something to show. */
async function seedRound(
  db: Kysely<Database>,
  provinceId: number,
  periodId: number,
  unitIds: Map<string, number>,
  userIds: Map<string, number>,
) {
  const user = async (name: string) => (await loadSessionUser(db, userIds.get(name)!))!;
  const meta = {};
  const latest = await db
    .selectFrom('rule_set')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  const { id: roundId } = await db
    .insertInto('round')
    .values({
      province_id: provinceId,
      period_id: periodId,
      rule_set_id: latest.id,
      title: `Đánh giá xã, phường phù hợp với trẻ em năm ${DEMO_YEAR} — Tỉnh Thái Nguyên`,
      ...(Object.fromEntries(
        Object.entries(defaultCalendar(DEMO_YEAR)).map(([k, v]) => [
          k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
          v,
        ]),
      ) as { dossier_due: string; appraisal_due: string; decision_due: string; report_due: string }),
      posting_days: 7,
      appraising_body: 'Sở Y tế tỉnh Thái Nguyên',
      signer_title: 'CHỦ TỊCH',
      signer_name: 'Nguyễn Văn Quang',
      created_by: userIds.get('tinh.thainguyen')!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const c of DEMO_COMMUNES)
    await db
      .insertInto('registration')
      .values({
        unit_id: unitIds.get(c.code)!,
        term_start: 2026,
        term_end: 2030,
        document_ref: 'Văn bản đăng ký xây dựng xã, phường phù hợp với trẻ em giai đoạn 2026–2030',
        registered_by: userIds.get(c.username)!,
      })
      .execute();

  const council = (unitName: string) => ({
    members: [
      { name: 'Nguyễn Văn Bình', position: `Chủ tịch UBND ${unitName}`, role: 'Chủ tịch Hội đồng' },
      { name: 'Lê Thị Thu', position: 'Công chức Văn hóa - Xã hội', role: 'Thư ký' },
      { name: 'Hoàng Văn Đức', position: 'Trưởng Công an', role: 'Thành viên' },
      { name: 'Phạm Thị Hoa', position: 'Trạm trưởng Trạm Y tế', role: 'Thành viên' },
    ],
    meetingOn: `${DEMO_YEAR}-10-20`,
    meetingPlace: `Hội trường UBND ${unitName}`,
    meetingSummary:
      'Hội đồng rà soát số liệu 13 tiêu chí, đối chiếu sổ sách của các ngành và thống nhất kết quả tự đánh giá.',
  });
  // Walks a commune's dossier to `until` through the state machine, as its officer would.
  const walk = async (code: string, until: 'posted' | 'submitted' | 'recognized') => {
    const c = DEMO_COMMUNES.find((x) => x.code === code)!;
    const unitId = unitIds.get(code)!;
    const officer = await user(c.username);
    const entryId = await ensureEntry(db, roundId, unitId);
    const name = (await db.selectFrom('unit').select('name').where('id', '=', unitId).executeTakeFirstOrThrow()).name;
    await saveCouncil(db, entryId, officer, council(unitInSentence(name)), {});
    await transition(db, entryId, officer, { action: 'self_assess' }, meta);
    await transition(db, entryId, officer, { action: 'publish' }, meta);
    // The demo's postings ran in October, so their dossiers can be sent up now.
    await db
      .updateTable('round_entry')
      .set({ posting_from: `${DEMO_YEAR}-10-21`, posting_to: `${DEMO_YEAR}-10-27` })
      .where('id', '=', entryId)
      .execute();
    if (until === 'posted') return entryId;
    await transition(db, entryId, officer, { action: 'submit' }, meta);
    if (until === 'submitted') return entryId;
    const rs = await db
      .selectFrom('rule_set')
      .select('definition')
      .where('id', '=', latest.id)
      .executeTakeFirstOrThrow();
    const items = (rs.definition as { criteria: Array<{ items: Array<{ code: string }> }> }).criteria.flatMap(
      (k) => k.items,
    );
    const appraiser = await user('thamdinh.thainguyen');
    for (const item of items) await reviewItem(db, entryId, item.code, appraiser, { decision: 'accepted' }, meta);
    await transition(db, entryId, appraiser, { action: 'appraise' }, meta);
    await recordDecision(
      db,
      roundId,
      await user('chutich.thainguyen'),
      {
        number: `2150/QĐ-UBND`,
        signedOn: `${DEMO_YEAR}-11-20`,
        signerName: 'Nguyễn Văn Quang',
        signerTitle: 'CHỦ TỊCH',
        entryIds: [entryId],
      },
      meta,
    );
    return entryId;
  };
  // Tân Cương, Phan Đình Phùng, Đại Từ and Vạn Phú stay in draft, free to edit.
  await walk('05851', 'recognized'); // Xã Quân Chu
  await walk('05818', 'submitted'); // Xã La Bằng: fails on C05, for the appraiser to see
  await walk('05809', 'posted'); // Xã An Khánh: posting over, ready to submit
}
