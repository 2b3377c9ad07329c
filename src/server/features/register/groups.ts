// The national list of special-circumstance groups: the law's groups and the ministry's sub-groups.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { Refusal } from '../../platform/refusal.ts';
import { requireRole, requireUser, type SessionUser } from '../auth/index.ts';
import { writeAudit } from '../audit/index.ts';
import type { CircumstanceGroup } from './contracts.ts';

/** Every group, in code order (any signed-in user: the list names no child). */
export async function listCircumstanceGroups(
  db: Kysely<Database>,
  user: SessionUser | null,
): Promise<CircumstanceGroup[]> {
  requireUser(user);
  const rows = await db.selectFrom('circumstance_group').selectAll().orderBy('code').execute();
  return rows.map((g) => ({
    code: g.code,
    parent: g.parent_code,
    letter: g.letter,
    label: { vi: g.label_vi, en: g.label_en },
    sensitive: g.sensitive,
    builtin: g.builtin,
  }));
}

export interface NewGroup {
  parent: string;
  code: string;
  labelVi: string;
  labelEn: string;
}

/** Adds a sub-group under a group of the law; it is as sensitive as its parent. */
export async function addCircumstanceGroup(db: Kysely<Database>, user: SessionUser | null, b: NewGroup, ip?: string) {
  // The sub-group list is national (one for every commune): the ministry keeps it.
  const ministry = requireRole(user, 'ministry_official');
  await db.transaction().execute(async (trx) => {
    const parent = await trx
      .selectFrom('circumstance_group')
      .select(['code', 'sensitive'])
      .where('code', '=', b.parent)
      .where('parent_code', 'is', null)
      .executeTakeFirst();
    if (!parent) throw new Refusal('invalid', 'register:error.unknown_parent', { value: b.parent });
    if (!b.code.startsWith(`${parent.code}.`))
      throw new Refusal('invalid', 'register:error.subgroup_code', { value: b.code, parent: parent.code });
    const inserted = await trx
      .insertInto('circumstance_group')
      .values({
        code: b.code,
        parent_code: parent.code,
        label_vi: b.labelVi,
        label_en: b.labelEn,
        sensitive: parent.sensitive,
        created_by: ministry.id,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .executeTakeFirst();
    if (!inserted) throw new Refusal('conflict', 'register:error.group_exists', { value: b.code });
    await writeAudit(trx, {
      userId: ministry.id,
      action: 'create',
      entity: 'circumstance_group',
      entityId: b.code,
      after: b,
      ip,
    });
  });
  return { code: b.code };
}
