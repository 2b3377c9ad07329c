// The demo's child register: Xã Đại Từ keeps one (about 600 children), with a chairman, a village
// collaborator, a case whose plan is overdue and one approved in time, so that every register screen
// and the counts beside the criteria have something to show.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { addWorkingDays } from '../../core/calendar/working-days.ts';
import { PLAN_APPROVAL_WORKING_DAYS } from '../../core/register/records.ts';
import { createUser } from '../features/auth/index.ts';
import { loadCalendar, planDeadlines } from '../features/register/index.ts';
import { todayInVietnam } from '../platform/clock.ts';
import { generateRegister } from './synthetic-register.ts';
import { DEMO_PASSWORD } from './accounts.ts';

export const DEMO_REGISTER = {
  communeCode: '05830',
  officer: 'xa.daitu',
  chairman: 'chutich.daitu',
  collaborator: 'ctv.daitu',
  children: 600,
};

const daysBefore = (iso: string, days: number) =>
  new Date(Date.parse(iso) - days * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoRegister(db: Kysely<Database>, communeId: number, provinceId: number, officerId: number) {
  const today = todayInVietnam();
  await generateRegister(db, {
    seed: 2026,
    asOf: today,
    communes: [{ id: communeId, provinceId }],
    childrenPerCommune: DEMO_REGISTER.children,
    userId: officerId,
  });
  const village = await db
    .selectFrom('village')
    .select(['id', 'name'])
    .where('unit_id', '=', communeId)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  const chairman = await createUser(db, {
    username: DEMO_REGISTER.chairman,
    password: DEMO_PASSWORD,
    fullName: 'Chủ tịch UBND xã Đại Từ',
    roles: [{ role: 'commune_chairman', unitId: communeId }],
  });
  await createUser(db, {
    username: DEMO_REGISTER.collaborator,
    password: DEMO_PASSWORD,
    fullName: `Cộng tác viên ${village.name}`,
    roles: [{ role: 'collaborator', unitId: communeId, villageId: village.id }],
  });
  const kids = await db
    .selectFrom('child')
    .select(['id', 'birth_date'])
    .where('unit_id', '=', communeId)
    .where('died_on', 'is', null)
    .where('birth_date', '<', daysBefore(today, 8 * 365))
    .orderBy('id')
    .limit(2)
    .execute();
  const calendar = await loadCalendar(db);
  // An abandonment reported eight days ago whose plan is still not drafted: the overdue warning.
  const reported = daysBefore(today, 8);
  const late = planDeadlines(calendar, { kind: 'abandonment', reportedOn: reported, planDraftedOn: null });
  // A sexual-abuse case earlier in the year, its plan drafted and approved in time.
  const earlier = daysBefore(today, 120);
  const drafted = addWorkingDays(calendar, earlier, 3);
  const approvedBy = addWorkingDays(calendar, drafted, PLAN_APPROVAL_WORKING_DAYS);
  // The chairman assigned both cases to the officer: that assignment, not having opened them, is what lets the officer see them.
  const own = {
    unit_id: communeId,
    province_id: provinceId,
    case_worker_id: officerId,
    assigned_by: chairman,
    assigned_at: new Date(),
    created_by: officerId,
  };
  const [, abuse] = await db
    .insertInto('protection_case')
    .values([
      {
        ...own,
        child_id: kids[0]!.id,
        kind: 'abandonment',
        occurred_on: reported,
        reported_on: reported,
        summary: 'Trẻ được phát hiện bị bỏ lại tại chợ; đã đưa về gia đình người thân chăm sóc tạm thời.',
        plan_due_on: late.planDueOn,
      },
      {
        ...own,
        child_id: kids[1]!.id,
        kind: 'abuse',
        abuse_kind: 'sexual',
        occurred_on: daysBefore(earlier, 2),
        reported_on: earlier,
        summary: 'Vụ việc đã chuyển cơ quan công an; trẻ được tư vấn tâm lý.',
        plan_due_on: addWorkingDays(calendar, earlier, 5),
        plan_drafted_on: drafted,
        approval_due_on: approvedBy,
        plan_approved_on: approvedBy,
        plan_approved_by: chairman,
      },
    ])
    .returning('id')
    .execute();
  // Given for the abuse case: seen only by those who see that case.
  await sql`INSERT INTO child_support (child_id, unit_id, province_id, case_id, kind, given_on, provider, created_by)
    VALUES (${kids[1]!.id}, ${communeId}, ${provinceId}, ${abuse!.id}, 'Tư vấn tâm lý', ${addWorkingDays(calendar, earlier, 1)}::date, 'Trung tâm Công tác xã hội tỉnh', ${officerId})`.execute(
    db,
  );
}
