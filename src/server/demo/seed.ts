// First-run demo: categories, accounts and realistic values for six communes of Thái Nguyên.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeAudit } from '../features/audit/audit.ts';
import { createUser } from '../features/auth/users.ts';
import { ensurePeriod, saveValues } from '../features/assessments/store.ts';
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
  const pick = <T,>(a: T, b: T) => (good ? a : b);
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
  const province = await db.selectFrom('unit').select(['id', 'name']).where('level', '=', 'province').where('code', '=', DEMO_PROVINCE_CODE).where('valid_to', 'is', null).executeTakeFirstOrThrow();
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .where('code', 'in', DEMO_COMMUNES.map((c) => c.code))
    .execute();
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const periodId = await ensurePeriod(db, DEMO_YEAR);
  await ensurePeriod(db, DEMO_YEAR - 1);
  const accounts: DemoSummary['accounts'] = [];
  const userIds = new Map<string, number>();
  for (const account of DEMO_ACCOUNTS) {
    const unit = 'communeCode' in account ? byCode.get(account.communeCode)! : account.role === 'system_admin' ? null : province;
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
    await writeAudit(db, { userId: provinceUser, action: 'set_category', entity: 'unit', entityId: unit.id, before: { category: null }, after: { category: c.category } });
    const values = demoValues(c.story, 2400 + n * 650);
    const notes = { 'pop.children': 'Sổ theo dõi trẻ em của xã, 30/09/2026', 'C07.immunized': 'Sổ tiêm chủng của Trạm Y tế' };
    await saveValues(db, unit.id, periodId, { values, notes: Object.fromEntries(Object.entries(notes).filter(([k]) => k in values)) }, { userId: userIds.get(c.username)!, locale: 'vi' });
  }
  return {
    province: province.name,
    communes: DEMO_COMMUNES.map((c) => ({ code: c.code, name: byCode.get(c.code)!.name, username: c.username, story: c.story })),
    accounts,
  };
}
