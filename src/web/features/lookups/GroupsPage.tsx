// The groups of children in special circumstances (Luật Trẻ em 2016, Điều 10) and their sub-groups;
// province officials and administrators add sub-groups, everyone else only reads.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormat, type LocalText } from '../../app/format.ts';
import { Badge, PageResource } from '../../app/ui.tsx';
import type { Loaded } from '../../app/useApi.ts';
import { FormError, SelectInput, SubmitButton, TextInput, useFormSubmit } from '../../ui/forms.tsx';
import { DataTable, type Column } from '../../ui/tables.tsx';
import { Flash, ReadOnlyNote, useFlash, useMayEdit } from './parts.tsx';

export interface CircumstanceGroup {
  code: string;
  parent: string | null;
  letter: string;
  label: LocalText;
  sensitive: boolean;
  builtin: boolean;
}

const GROUPS_API = '/api/register/groups';

/** "c.10" after "c.9": sub-group numbers compare as numbers. */
const byCode = (a: CircumstanceGroup, b: CircumstanceGroup) => a.code.localeCompare(b.code, 'en', { numeric: true });

/** Top groups in the law's order (as listed by the server), each followed by its sub-groups. */
export function groupTree(groups: readonly CircumstanceGroup[]): CircumstanceGroup[] {
  const tops = groups.filter((g) => g.parent === null);
  const out: CircumstanceGroup[] = [];
  for (const top of tops) out.push(top, ...groups.filter((g) => g.parent === top.code).sort(byCode));
  // Sub-groups whose parent is not in the list (should not happen) still show, at the end.
  const shown = new Set(out.map((g) => g.code));
  return [...out, ...groups.filter((g) => !shown.has(g.code))];
}

export default function GroupsPage() {
  const { t } = useTranslation();
  return (
    <section className="page lookup-page">
      <h1>{t('lookups:groups.title')}</h1>
      <p className="muted">{t('lookups:groups.intro')}</p>
      <PageResource<CircumstanceGroup[]> path={GROUPS_API} isCurrent={Array.isArray}>
        {(groups, loaded) => <GroupsBody groups={groups} loaded={loaded} />}
      </PageResource>
    </section>
  );
}

function GroupsBody({ groups, loaded }: { groups: CircumstanceGroup[]; loaded: Loaded<CircumstanceGroup[]> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const mayEdit = useMayEdit('ministry_official');
  const rows = groupTree(groups);
  const letterOf = new Map(groups.filter((g) => g.parent === null).map((g) => [g.code, g.letter]));
  const tops = rows.filter((g) => g.parent === null);

  const columns: Column<CircumstanceGroup>[] = [
    {
      label: t('lookups:groups.col.label'),
      cell: (g) =>
        g.parent === null ? (
          <strong>
            {g.letter}. {f.text(g.label)}
          </strong>
        ) : (
          <span>
            {f.text(g.label)}
            <span className="small muted">
              {' '}
              · {t('lookups:groups.subOf', { letter: letterOf.get(g.parent) ?? g.parent })}
            </span>
          </span>
        ),
    },
    { label: t('lookups:groups.col.code'), cell: (g) => <span className="code">{g.code}</span> },
    {
      label: t('lookups:groups.col.status'),
      cell: (g) => (
        <span className="badges">
          {g.sensitive && (
            <Badge tone="warn" title={t('lookups:groups.sensitiveHint')}>
              {t('lookups:groups.sensitive')}
            </Badge>
          )}
          <Badge tone={g.builtin ? 'muted' : 'info'}>
            {g.builtin ? t('lookups:groups.builtin') : t('lookups:groups.custom')}
          </Badge>
        </span>
      ),
    },
  ];

  return (
    <>
      {mayEdit ? <AddSubgroupForm tops={tops} onAdded={loaded.reload} /> : <ReadOnlyNote />}
      <p className="small muted" role="status">
        {t('lookups:groups.count', { groups: tops.length, subgroups: rows.length - tops.length })}
      </p>
      {rows.length === 0 ? (
        <p>{t('lookups:groups.empty')}</p>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(g) => g.code}
          rowClassName={(g) => (g.parent === null ? 'group' : 'subgroup')}
          testId="groups-table"
        />
      )}
    </>
  );
}

const FIELDS = ['parent', 'code', 'labelVi', 'labelEn'] as const;

function AddSubgroupForm({ tops, onAdded }: { tops: CircumstanceGroup[]; onAdded(): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [parent, setParent] = useState(tops[0]?.code ?? '');
  const [code, setCode] = useState('');
  const [labelVi, setLabelVi] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [flash, setFlash] = useFlash();
  const form = useFormSubmit(async () => {
    setFlash('');
    const sent = code.trim();
    await api(GROUPS_API, { method: 'POST', body: { parent, code: sent, labelVi, labelEn } });
    setCode('');
    setLabelVi('');
    setLabelEn('');
    setFlash(t('lookups:groups.add.added', { code: sent }));
    onAdded();
  });
  const parentOption = tops.find((g) => g.code === parent);

  return (
    <form className="lookup-form" onSubmit={form.submit} aria-labelledby="add-subgroup-title" noValidate>
      <h2 id="add-subgroup-title">{t('lookups:groups.add.title')}</h2>
      <p className="small muted">{t('lookups:groups.add.intro')}</p>
      <div className="lookup-fields">
        <SelectInput
          id="subgroup-parent"
          className="span-all"
          label={t('lookups:groups.add.parent')}
          value={parent}
          onChange={setParent}
          required
          error={form.issues.parent}
          options={tops.map((g) => ({ value: g.code, label: `${g.letter}. ${f.text(g.label)}` }))}
        />
        <TextInput
          id="subgroup-code"
          label={t('lookups:groups.add.code')}
          value={code}
          onChange={setCode}
          required
          maxLength={11}
          hint={parentOption ? t('lookups:groups.add.codeHint', { parent: parentOption.code }) : undefined}
          error={form.issues.code}
        />
        <TextInput
          id="subgroup-label-vi"
          label={t('lookups:groups.add.labelVi')}
          value={labelVi}
          onChange={setLabelVi}
          required
          maxLength={200}
          error={form.issues.labelVi}
        />
        <TextInput
          id="subgroup-label-en"
          className="span-all"
          label={t('lookups:groups.add.labelEn')}
          value={labelEn}
          onChange={setLabelEn}
          maxLength={200}
          error={form.issues.labelEn}
        />
      </div>
      <FormError error={form.error} fields={FIELDS} />
      <SubmitButton busy={form.busy}>{t('lookups:groups.add.submit')}</SubmitButton>
      <Flash message={flash} />
    </form>
  );
}
