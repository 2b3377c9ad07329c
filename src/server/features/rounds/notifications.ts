// In-app notifications on each transition: the commune hears of returns and decisions, the level
// above of submissions. Written in the same transaction as the transition.
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.ts';
import { translator, pickLocale } from '../../../i18n/index.ts';

const TO_PROVINCE = new Set(['submit', 'resubmit']);

export async function notifyUnitRoles(
  db: Kysely<Database>,
  event: { unitId: number; provinceId: number; action: string; unitName: string; link: string; comment?: string },
): Promise<void> {
  const toProvince = TO_PROVINCE.has(event.action);
  const roles: Role[] = toProvince ? ['appraiser', 'sector_reviewer'] : ['commune_officer', 'commune_chairman'];
  // One statement: the message in each language, chosen per recipient as pickLocale would (a person with two roles once).
  const message = (locale: 'vi' | 'en') =>
    translator(locale)(`rounds:notify.${event.action}`, { unit: event.unitName, comment: event.comment ?? '' });
  await db
    .insertInto('notification')
    .columns(['user_id', 'kind', 'message', 'link'])
    .expression((eb) =>
      eb
        .selectFrom('user_role as r')
        .innerJoin('app_user as u', 'u.id', 'r.user_id')
        .select([
          'u.id',
          sql<string>`${event.action}::text`.as('kind'),
          sql<string>`CASE WHEN starts_with(lower(u.locale), 'en') THEN ${message('en')}::text ELSE ${message('vi')}::text END`.as(
            'message',
          ),
          sql<string>`${event.link}::text`.as('link'),
        ])
        .distinct()
        .where('r.role', 'in', roles)
        .where('r.unit_id', '=', toProvince ? event.provinceId : event.unitId),
    )
    .execute();
}

export interface SentReturn {
  itemCode: string;
  /** The item's title in each language (the rule set's), when known. */
  title?: { vi: string; en: string };
  reason: string;
}

/**
 * The one notice of a gathered return: every commune officer and chairman gets a single notification
 * listing each returned item and its reason, in their language (the e-mail, if any, is this same text).
 */
export async function notifyReturns(
  db: Kysely<Database>,
  event: { unitId: number; unitName: string; link: string; returns: readonly SentReturn[] },
): Promise<number> {
  const users = await db
    .selectFrom('user_role as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.locale'])
    .distinct()
    .where('r.role', 'in', ['commune_officer', 'commune_chairman'] satisfies Role[])
    .where('r.unit_id', '=', event.unitId)
    .execute();
  if (!users.length) return 0;
  await db
    .insertInto('notification')
    .values(
      users.map((u) => {
        const locale = pickLocale(u.locale);
        const t = translator(locale);
        const lines = event.returns.map((r, n) =>
          t('rounds:notify.returnLine', {
            n: n + 1,
            item: r.title?.[locale] ?? r.itemCode,
            code: r.itemCode,
            reason: r.reason,
          }),
        );
        return {
          user_id: u.id,
          kind: 'return_item',
          message: [
            t('rounds:notify.return_item', { unit: event.unitName, count: event.returns.length }),
            ...lines,
          ].join('\n'),
          link: event.link,
        };
      }),
    )
    .execute();
  return users.length;
}
