// In-app notifications on each transition: the commune hears of returns and decisions, the level
// above of submissions. Written in the same transaction as the transition.
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import { translator, pickLocale } from '../../../i18n/index.ts';

const TO_PROVINCE = new Set(['submit', 'resubmit']);

export async function notifyUnitRoles(
  db: Kysely<Database>,
  event: { unitId: number; provinceId: number; action: string; unitName: string; link: string; comment?: string },
): Promise<void> {
  const toProvince = TO_PROVINCE.has(event.action);
  const roles: Role[] = toProvince ? ['appraiser', 'sector_reviewer'] : ['commune_officer', 'commune_chairman'];
  const users = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.locale'])
    .distinct()
    .where('r.role', 'in', roles)
    .where('r.unit_id', '=', toProvince ? event.provinceId : event.unitId)
    .execute();
  if (!users.length) return;
  await db
    .insertInto('notification')
    .values(
      users.map((u) => ({
        user_id: u.id,
        kind: event.action,
        message: translator(pickLocale(u.locale))(`rounds:notify.${event.action}`, {
          unit: event.unitName,
          comment: event.comment ?? '',
        }),
        link: event.link,
      })),
    )
    .execute();
}
