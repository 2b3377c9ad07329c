// The assessment form: inputs generated from the rule set, grouped by criterion, checked and scored live
// in the browser by the same engine the server uses; only changed values are sent when saving.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { InputDef } from '../../../core/rule-sets/schema.ts';
import { isSuppressed, type DisclosedResult } from '../../../core/privacy/disclosure.ts';
import { criterionData, describeIssue } from '../../../core/scoring/explain.ts';
import type { ValidationIssue } from '../../../core/scoring/validate.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { discard, pendingFor, sendOrQueue, useOutbox, type OutboxItem } from '../../app/offline/outbox.ts';
import { hasRole, useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { tr } from '../../app/translate.ts';
import type { AssessmentBody, SaveConflict, SavedValues, StoredValue, ValueConflictView } from '../../app/types.ts';
import { Badge, PageResource, ProvisionalBadge } from '../../app/ui.tsx';
import { changedCodes, computeLive, draftOf, draftOfFigure, fieldCode, rawOf, type Draft } from './formLogic.ts';
import { InputField, inputId } from './InputField.tsx';
import { ItemScore } from './ItemScore.tsx';
import { ScorePanel } from './ScorePanel.tsx';
import { InputsWorkbookPanel } from './InputsWorkbookPanel.tsx';
import { ConflictChoice, type ConflictPick } from './ConflictChoice.tsx';
import { ErrorsSaid } from '../../ui/live.tsx';
import { useRoundEntry } from '../rounds/useRoundEntry.ts';
import { DerivedNotice, useDerived } from '../register/DerivedHint.tsx';
// Registers what these pages keep for offline use, before their first request.
import './offline.ts';

export default function AssessmentFormPage() {
  const { unitId, periodId } = useParams();
  const path = `/api/units/${encodeURIComponent(unitId ?? '')}/assessments/${encodeURIComponent(periodId ?? '')}`;
  return (
    <PageResource<AssessmentBody>
      path={path}
      isCurrent={(b) => String(b.unit.id) === unitId && String(b.period.id) === periodId}
    >
      {(body, loaded) => <AssessmentForm key={path} body={body} onSaved={loaded.setData} />}
    </PageResource>
  );
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'refused'; count: number }
  | { kind: 'conflict'; count: number }
  | { kind: 'queued' }
  | { kind: 'error'; message: string };

/** A save's body as queued in the outbox. */
interface SaveBody {
  values: Record<string, Figure>;
  bases?: Record<string, Figure>;
}
const bodyOf = (item: OutboxItem) => (item.body ?? { values: {} }) as SaveBody;

const valuesUrl = (body: AssessmentBody) => `/api/units/${body.unit.id}/assessments/${body.period.id}/values`;

type Figure = number | boolean | null;

/** The 409 of a save whose fields someone else changed meanwhile, with its conflicts (issue 21). */
function conflictsOf(err: unknown): ValueConflictView[] {
  if (!(err instanceof ApiError) || err.status !== 409) return [];
  return (err.body as SaveConflict | undefined)?.conflicts ?? [];
}

const AUTOSAVE_DELAY = 1200;

function AssessmentForm({ body, onSaved }: { body: AssessmentBody; onSaved: (next: AssessmentBody) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const def = body.ruleSet.definition;
  const version = String(body.ruleSet.version);
  const category = body.category ?? body.result?.category ?? body.unit.category;
  const readOnly = body.readOnly;
  // After a return only the inputs of the returned items reopen; the rest of the dossier stays as sent.
  const editable = body.editable ?? 'all';
  const editableSet = useMemo(() => (editable === 'all' ? null : new Set(editable)), [editable]);
  const locked = useCallback((code: string) => editableSet !== null && !editableSet.has(code), [editableSet]);
  const isOfficer = !!user?.roles.some(
    (r) => (r.role === 'commune_officer' || r.role === 'commune_chairman') && r.unitId === body.unit.id,
  );
  const roundEntry = useRoundEntry(body.unit.id, body.period.id, editable !== 'all' || isOfficer);
  // The child register's counts, for the commune's officer and chairman (anyone else: nothing shown).
  const derived = useDerived(body.unit.id, body.period.id, isOfficer);
  const returnedReviews = useMemo(
    // Returns sent to the commune only: one still gathered on the dossier has not been returned yet.
    () => (roundEntry?.reviews ?? []).filter((r) => r.decision === 'returned' && r.sentAt),
    [roundEntry],
  );
  const dossierLink = roundEntry ? `/rounds/${roundEntry.round.id}/entries/${roundEntry.unit.id}` : null;

  const [edits, setEdits] = useState<Record<string, Draft>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [serverIssues, setServerIssues] = useState<Record<string, string[]>>({});
  const [otherIssues, setOtherIssues] = useState<string[]>([]);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  // Fields someone else changed while this person edited them: held from saving until a value is chosen.
  const [conflicts, setConflicts] = useState<Record<string, ValueConflictView>>({});
  // Values the person chose not to keep, sent with the next save so that the history keeps them.
  const notKept = useRef<Record<string, Figure>>({});
  // Saves of this form waiting in the outbox (made offline), and the values they carry by code: the base of
  // the next save of that field, since the server will hold them when it arrives.
  const outbox = useOutbox();
  const here = useMemo(() => pendingFor(outbox.items, valuesUrl(body), 'PUT'), [outbox.items, body]);
  const queued = useMemo(() => {
    const values: Record<string, Figure> = {};
    for (const item of here) if (item.state === 'waiting') Object.assign(values, bodyOf(item).values);
    return values;
  }, [here]);
  const focusConflict = useRef<string | null>(null);
  useEffect(() => {
    if (focusConflict.current) document.getElementById(`conflict-${focusConflict.current}`)?.focus();
    focusConflict.current = null;
  }, [conflicts]);

  const inputs = useMemo(() => new Map(def.inputs.map((i) => [i.code, i])), [def]);
  const live = useMemo(
    () => computeLive(def, version, category, body.values, edits, f.locale),
    [def, version, category, body.values, edits, f.locale],
  );
  // A reader from whom figures are withheld cannot rescore them: the server's result (points kept, the
  // withheld items' rates and inputs suppressed) is shown as it came.
  const withheld = useMemo(() => Object.values(body.values).some(isSuppressed), [body.values]);
  const shown: DisclosedResult | null = withheld ? (body.result as DisclosedResult | null) : live.result;
  const noteOf = useCallback(
    (code: string) => notes[code] ?? body.values[code]?.sourceNote ?? '',
    [notes, body.values],
  );
  const changed = useMemo(() => {
    const allNotes: Record<string, string> = {};
    for (const code of Object.keys(notes)) allNotes[code] = notes[code] ?? '';
    return changedCodes(def, body.values, live.raw, allNotes);
  }, [def, body.values, live.raw, notes]);
  const changedSet = useMemo(() => new Set([...changed.values, ...changed.notes]), [changed]);

  // The latest state, for saves that finish after more typing.
  const latest = useRef({ body, edits, notes, live, changed, conflicts, queued });
  latest.current = { body, edits, notes, live, changed, conflicts, queued };
  const inFlight = useRef(false);
  const again = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const label = useCallback(
    (code: string) => {
      const input = inputs.get(code);
      return input ? f.text(input.label) : code;
    },
    [inputs, f],
  );

  const issueText = useCallback(
    (issue: ValidationIssue) => {
      const params =
        issue.params && typeof issue.params.denominator === 'string'
          ? { ...issue.params, denominator: label(issue.params.denominator) }
          : issue.params;
      return describeIssue(tr(t), { ...issue, field: label(issue.field), params });
    },
    [t, label],
  );

  const doSave = useCallback(
    async (trigger: 'button' | 'auto') => {
      clearTimeout(timer.current);
      if (readOnly) return;
      if (inFlight.current) {
        again.current = true;
        return;
      }
      const { edits: e, notes: n, live: l, changed: c, conflicts: open, queued: q } = latest.current;
      const valueOf = (code: string): Figure => {
        const raw = l.raw[code] ?? null;
        return typeof raw === 'string' ? null : raw;
      };
      // A value already waiting in the outbox is not queued again; its note, or a newer value, is.
      const waiting = (code: string) => code in q && q[code] === valueOf(code) && !c.notes.includes(code);
      const codes = [...new Set([...c.values, ...c.notes])].filter((code) => !waiting(code));
      const held = codes.filter((code) => l.issues.has(code));
      const send = codes.filter((code) => !l.issues.has(code) && !(code in open));
      const unkept = { ...notKept.current };
      if (!send.length && !Object.keys(unkept).length) {
        if (held.length && trigger === 'button') {
          setSave({ kind: 'refused', count: held.length });
          document.getElementById(inputId(held[0]!))?.focus();
        }
        return;
      }
      const values: Record<string, number | boolean | null> = {};
      // Each value goes with the one it was edited from: a field someone else changed meanwhile comes back
      // as a conflict instead of being overwritten.
      const bases: Record<string, Figure> = {};
      const noteBody: Record<string, string> = {};
      for (const code of send) {
        const value = valueOf(code);
        if (c.values.includes(code) || value !== null) {
          values[code] = value;
          // After a queued save of this field, the server will hold the queued value when this one arrives.
          bases[code] = code in q ? q[code]! : (latest.current.body.values[code]?.value ?? null);
        }
        if (c.notes.includes(code)) noteBody[code] = (n[code] ?? '').trim();
      }
      const sentDrafts = Object.fromEntries(send.filter((code) => code in e).map((code) => [code, e[code]]));
      const sentNotes = Object.fromEntries(send.filter((code) => code in n).map((code) => [code, n[code]]));
      inFlight.current = true;
      setSave({ kind: 'saving' });
      try {
        // Without a connection the save waits in the outbox (with its bases) and goes out when it returns.
        const sent = await sendOrQueue<SavedValues>({
          method: 'PUT',
          url: valuesUrl(body),
          body: {
            values,
            bases,
            ...(Object.keys(noteBody).length ? { notes: noteBody } : {}),
            ...(Object.keys(unkept).length ? { notKept: unkept } : {}),
          },
          label: t('assessments:offline.label', { unit: body.unit.name, year: body.period.year, count: send.length }),
        });
        for (const code of Object.keys(unkept)) delete notKept.current[code];
        if (sent.queued) {
          setSave({ kind: 'queued' });
          return;
        }
        const saved = sent.result;
        // The save answers with what changed (values and score), not the whole rule set: slow lines.
        onSaved({ ...body, ...saved });
        setEdits((prev) => {
          const rest = { ...prev };
          for (const [code, draft] of Object.entries(sentDrafts)) if (rest[code] === draft) delete rest[code];
          return rest;
        });
        setNotes((prev) => {
          const rest = { ...prev };
          for (const [code, note] of Object.entries(sentNotes)) if (rest[code] === note) delete rest[code];
          return rest;
        });
        setServerIssues((prev) => {
          const rest = { ...prev };
          for (const code of send) delete rest[code];
          return rest;
        });
        setOtherIssues([]);
        setSave(
          held.length && trigger === 'button'
            ? { kind: 'refused', count: held.length }
            : { kind: 'saved', at: new Date() },
        );
      } catch (err) {
        const found = conflictsOf(err);
        if (found.length) {
          // What stands now becomes the field's stored value (the base of the next save); what was typed stays
          // in the field until the person chooses. The other fields of this save go out again without them.
          const current = latest.current.body;
          const stored: Record<string, StoredValue> = { ...current.values };
          for (const k of found) {
            const was = stored[k.code];
            if (k.theirs.value === null) delete stored[k.code];
            else
              stored[k.code] = {
                value: k.theirs.value,
                sourceNote: was?.sourceNote ?? '',
                origin: was?.origin ?? 'manual',
                enteredBy: k.theirs.enteredBy,
                enteredByName: k.theirs.enteredByName,
                enteredAt: k.theirs.enteredAt ?? new Date().toISOString(),
              };
          }
          onSaved({ ...current, values: stored });
          setConflicts((prev) => ({ ...prev, ...Object.fromEntries(found.map((k) => [k.code, k])) }));
          setSave({ kind: 'conflict', count: found.length });
          if (send.some((code) => !found.some((k) => k.code === code))) again.current = true;
          if (trigger === 'button') focusConflict.current = found[0]!.code;
          return;
        }
        const byField: Record<string, string[]> = {};
        const other: string[] = [];
        if (err instanceof ApiError)
          for (const issue of err.issues) {
            const code = fieldCode(issue.field);
            if (inputs.has(code)) byField[code] = [...(byField[code] ?? []), issue.message];
            else other.push(issue.message);
          }
        setServerIssues(byField);
        setOtherIssues(other);
        setSave({ kind: 'error', message: messageOf(err) });
        const first = Object.keys(byField)[0];
        if (first && trigger === 'button') document.getElementById(inputId(first))?.focus();
      } finally {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          void doSave('auto');
        }
      }
    },
    [readOnly, body, onSaved, inputs, t],
  );

  // The person chose per field: their own value is saved over what stands now (which stays in the history), or
  // what stands is kept and their value is recorded in the history as not kept.
  const onPick = useCallback((code: string, pick: ConflictPick) => {
    const conflict = latest.current.conflicts[code];
    if (!conflict) return;
    if (pick === 'theirs') {
      const raw = latest.current.live.raw[code];
      notKept.current[code] = raw === undefined || typeof raw === 'string' ? conflict.mine : raw;
      const without = <T,>(prev: Record<string, T>) => {
        const rest = { ...prev };
        delete rest[code];
        return rest;
      };
      setEdits(without);
      setNotes(without);
    }
    const rest = { ...latest.current.conflicts };
    delete rest[code];
    setConflicts(rest);
    // A save refused at sync stays in the outbox until every conflict it brought back is settled.
    const item = conflictItems.current[code];
    delete conflictItems.current[code];
    if (item !== undefined && !Object.values(conflictItems.current).includes(item)) void discard(item);
    // After the render that lets the field go out again (its conflict gone, its edit kept or dropped).
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveRef.current('button'), 0);
  }, []);

  // The outbox answers for this form: a page opened while its saves wait shows them in their fields; when they
  // have gone out it reads what the server holds; a save refused at sync comes back to its fields, a conflict
  // with both values to choose from (the outbox keeps that save until the person has chosen).
  const seen = useRef(new Set<string>());
  const conflictItems = useRef<Record<string, number>>({});
  const sentSeen = useRef(outbox.sentCount);
  const hadWaiting = useRef(false);
  useEffect(() => {
    const news = here.filter((i) => !seen.current.has(`${i.id}:${i.state}`));
    for (const i of news) seen.current.add(`${i.id}:${i.state}`);
    const adopt = (item: OutboxItem) =>
      setEdits((prev) => {
        const next = { ...prev };
        for (const [code, value] of Object.entries(bodyOf(item).values)) {
          const input = inputs.get(code);
          if (input && !(code in prev)) next[code] = draftOfFigure(input, value, f.locale);
        }
        return next;
      });
    news.filter((i) => i.state === 'waiting').forEach(adopt);
    const refused = news.filter((i) => i.state === 'refused');
    const sent = outbox.sentCount !== sentSeen.current;
    sentSeen.current = outbox.sentCount;
    const waitingNow = here.some((i) => i.state === 'waiting');
    const drained = sent && hadWaiting.current && !waitingNow;
    hadWaiting.current = waitingNow;
    if (!refused.length && !drained) return;
    void (async () => {
      const current = latest.current.body;
      const fresh = await api<AssessmentBody>(`/api/units/${current.unit.id}/assessments/${current.period.id}`);
      onSaved(fresh);
      // Sent values now stand: their edits give way to what the server holds.
      setEdits((prev) => {
        const next = { ...prev };
        for (const [code, draft] of Object.entries(prev)) {
          const input = inputs.get(code);
          if (input && rawOf(input, draft ?? null, f.locale) === (fresh.values[code]?.value ?? null)) delete next[code];
        }
        return next;
      });
      const found: Record<string, ValueConflictView> = {};
      const byField: Record<string, string[]> = {};
      for (const item of refused) {
        adopt(item);
        const sentBody = bodyOf(item);
        for (const issue of item.refusal?.issues ?? []) {
          const code = fieldCode(issue.field);
          const theirs = fresh.values[code];
          if (item.refusal?.code === 'value_conflict' && code in sentBody.values) {
            found[code] = {
              code,
              base: sentBody.bases?.[code] ?? null,
              mine: sentBody.values[code] ?? null,
              theirs: {
                value: theirs?.value ?? null,
                enteredBy: theirs?.enteredBy ?? null,
                enteredByName: theirs?.enteredByName ?? null,
                enteredAt: theirs?.enteredAt ?? null,
              },
            };
            conflictItems.current[code] = item.id;
          } else if (inputs.has(code)) byField[code] = [...(byField[code] ?? []), issue.message];
        }
      }
      setServerIssues((prev) => ({ ...prev, ...byField }));
      if (Object.keys(found).length) {
        setConflicts((prev) => ({ ...prev, ...found }));
        setSave({ kind: 'conflict', count: Object.keys(found).length });
      } else if (drained) setSave({ kind: 'saved', at: new Date() });
      // The refused saves' other fields go out again (a save with a conflict stores nothing of itself).
      if (refused.length) {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void saveRef.current('auto'), 0);
      }
    })().catch(() => undefined);
  }, [here, outbox.sentCount, inputs, f.locale, onSaved]);

  const onDraft = useCallback((code: string, draft: Draft) => {
    clearTimeout(timer.current);
    setEdits((prev) => ({ ...prev, [code]: draft }));
    setServerIssues((prev) => {
      if (!(code in prev)) return prev;
      const rest = { ...prev };
      delete rest[code];
      return rest;
    });
    setSave((s) => (s.kind === 'saved' || s.kind === 'refused' || s.kind === 'queued' ? { kind: 'idle' } : s));
  }, []);
  const onNote = useCallback((code: string, note: string) => {
    clearTimeout(timer.current);
    setNotes((prev) => ({ ...prev, [code]: note }));
    setSave((s) => (s.kind === 'saved' ? { kind: 'idle' } : s));
  }, []);
  const onLeave = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void doSave('auto'), AUTOSAVE_DELAY);
  }, [doSave]);

  // "Dùng số liệu này": the server stores the register's count (marked as from the register) and rescores;
  // the form takes the answer as saved, and what was typed in that field gives way to it.
  const onAdopt = useCallback(
    async (code: string) => {
      // A pending autosave waits for the adoption, so that it cannot send the typed value after it.
      clearTimeout(timer.current);
      try {
        const current = latest.current.body;
        const saved = await api<Pick<SavedValues, 'values' | 'result'>>(
          `/api/communes/${current.unit.id}/register/derived/adopt`,
          {
            method: 'POST',
            body: { periodId: current.period.id, codes: [code] },
          },
        );
        onSaved({ ...latest.current.body, values: saved.values, result: saved.result });
        const without = <T,>(prev: Record<string, T>) => {
          if (!(code in prev)) return prev;
          const rest = { ...prev };
          delete rest[code];
          return rest;
        };
        setEdits(without);
        setNotes(without);
        setServerIssues(without);
        setSave((s) => (s.kind === 'error' || s.kind === 'refused' ? { kind: 'idle' } : s));
      } finally {
        timer.current = setTimeout(() => void saveRef.current('auto'), AUTOSAVE_DELAY);
      }
    },
    [onSaved],
  );

  // Leaving the page (another menu, another commune) saves what is pending instead of dropping it.
  const saveRef = useRef(doSave);
  saveRef.current = doSave;
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      void saveRef.current('auto');
    },
    [],
  );
  const dirty = changedSet.size > 0;
  // Changes kept nowhere yet: a value waiting in the outbox is safe on the device (a reload offline shows it again).
  const unsent = useMemo(
    () =>
      [...changedSet].filter(
        (code) => !(code in queued && queued[code] === live.raw[code] && !changed.notes.includes(code)),
      ).length,
    [changedSet, queued, live.raw, changed.notes],
  );
  useEffect(() => {
    if (!unsent || readOnly) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsent, readOnly]);

  const errorsOf = (code: string) =>
    [...(live.issues.get(code) ?? []).map(issueText), ...(serverIssues[code] ?? [])].join('\n');

  const groups = useMemo(() => {
    const criteria = new Set(def.criteria.map((c) => c.code));
    const base: InputDef[] = [];
    const byCriterion = new Map<string, InputDef[]>();
    for (const input of def.inputs) {
      if (!input.criterion || !criteria.has(input.criterion)) base.push(input);
      else byCriterion.set(input.criterion, [...(byCriterion.get(input.criterion) ?? []), input]);
    }
    return { base, byCriterion };
  }, [def]);
  const itemTitle = (code: string) => {
    for (const c of def.criteria) for (const i of c.items) if (i.code === code) return f.text(i.title);
    return code;
  };
  const sectorLabel = (code: string) => f.text(def.sectors.find((s) => s.code === code)?.label) || code;
  const cat = def.categories.find((c) => c.code === category);
  const canGoBack = hasRole(user, 'province_official') || hasRole(user, 'system_admin');

  const renderInput = (input: InputDef) => (
    <InputField
      key={input.code}
      input={input}
      draft={input.code in edits ? (edits[input.code] ?? null) : draftOf(input, body.values[input.code], f.locale)}
      note={noteOf(input.code)}
      stored={body.values[input.code]}
      errors={errorsOf(input.code)}
      changed={changedSet.has(input.code)}
      readOnly={readOnly || locked(input.code)}
      unitId={body.unit.id}
      periodId={body.period.id}
      onDraft={onDraft}
      onNote={onNote}
      onLeave={onLeave}
      derived={derived?.byCode.get(input.code)}
      onAdopt={onAdopt}
      conflict={
        conflicts[input.code] && (
          <ConflictChoice
            conflict={conflicts[input.code]!}
            kind={input.kind}
            onPick={onPick}
            disabled={save.kind === 'saving'}
          />
        )
      }
    />
  );

  return (
    <div className="assessment-page">
      <div className="form-layout">
        <header className="form-head">
          {canGoBack && (
            <p className="small">
              <Link to={`/assessments?period=${body.period.id}`}>← {t('assessments:form.backToList')}</Link>
            </p>
          )}
          <h1>
            {body.unit.name}
            {body.unit.provinceName && <span className="muted h1-sub"> — {body.unit.provinceName}</span>}
          </h1>
          <p className="form-meta">
            <span>{t('assessments:form.period', { year: body.period.year })}</span>
            <span>
              {cat ? t('assessments:form.category', { category: f.text(cat.label) }) : t('assessments:form.noCategory')}
            </span>
            <span>
              {t('assessments:form.ruleSet', { code: body.ruleSet.code, version })}
              {body.ruleSet.status === 'draft' && <Badge tone="info">{t('ruleSets:status.draft')}</Badge>}
            </span>
          </p>
          {editableSet !== null && !readOnly && (
            <div className="notice returned-banner" role="status">
              <p>
                <strong>{t('rounds:form.returnedBanner')}</strong>
              </p>
              {returnedReviews.length > 0 && (
                <ul>
                  {returnedReviews.map((r) => (
                    <li key={r.itemCode}>
                      <a href={`#crit-${r.itemCode.split('.')[0]}`}>{itemTitle(r.itemCode)}</a>{' '}
                      <span className="code">{r.itemCode}</span>: {r.reason}
                      {r.reviewerName && <span className="muted small"> — {r.reviewerName}</span>}
                    </li>
                  ))}
                </ul>
              )}
              {dossierLink && (
                <p className="small">
                  <Link to={dossierLink}>{t('rounds:form.toDossier')}</Link>
                </p>
              )}
            </div>
          )}
          {editableSet !== null && editableSet.size === 0 && isOfficer ? (
            <p className="notice" role="status">
              {t('rounds:form.frozen')} {dossierLink && <Link to={dossierLink}>{t('rounds:form.toDossier')}</Link>}
            </p>
          ) : (
            readOnly && (
              <p className="notice" role="status">
                {t('assessments:form.readOnly')}
              </p>
            )
          )}
          {!readOnly && editableSet === null && <p className="small muted">{t('assessments:form.intro')}</p>}
          <DerivedNotice unitId={body.unit.id} state={derived} />
          <InputsWorkbookPanel body={body} onSaved={onSaved} />
          {editableSet === null && dossierLink && (
            <p className="small">
              <Link to={dossierLink}>{t('rounds:form.toDossier')}</Link>
            </p>
          )}
        </header>

        <div className="form-side">
          <ScorePanel
            def={def}
            result={shown}
            blocking={live.blocking}
            category={category}
            excluded={live.issues.size}
            unsaved={dirty}
          />
        </div>

        <div className="form-main">
          {groups.base.length > 0 && (
            <section className="criterion" id="crit-base" aria-labelledby="crit-base-title">
              <h2 id="crit-base-title">{t('assessments:form.baseGroup')}</h2>
              <p className="small muted">{t('assessments:form.baseGroupHint')}</p>
              <div className="inputs">{groups.base.map(renderInput)}</div>
            </section>
          )}
          {def.criteria.map((criterion) => {
            const cr = shown?.criteria.find((c) => c.code === criterion.code);
            // Nothing entered yet reads as missing, not as a failed criterion ("điểm liệt").
            const noData = !!cr && criterionData(cr) === 'none';
            const zero = !!cr && cr.points === 0 && def.noZeroCriterion && !noData;
            const list = groups.byCriterion.get(criterion.code) ?? [];
            return (
              <section
                key={criterion.code}
                className={`criterion${zero ? ' is-zero' : ''}`}
                id={`crit-${criterion.code}`}
                aria-labelledby={`crit-${criterion.code}-title`}
              >
                <div className="criterion-head">
                  <h2 id={`crit-${criterion.code}-title`}>
                    <span className="crit-code">{criterion.code}</span> {f.text(criterion.title)}
                  </h2>
                  <p className="criterion-score">
                    {cr?.provisional && !noData && <ProvisionalBadge />}
                    {zero && <Badge tone="bad">{t('assessments:score.zeroLabel')}</Badge>}
                    {noData ? (
                      <Badge tone="muted">{t('assessments:score.noData')}</Badge>
                    ) : (
                      <strong>
                        {t('assessments:points', { points: f.num(cr?.points ?? 0), max: f.num(criterion.max) })}
                      </strong>
                    )}
                  </p>
                </div>
                <p className="small muted">
                  {t('assessments:form.criterionMeta', {
                    max: f.num(criterion.max),
                    sector: sectorLabel(criterion.sector),
                  })}
                </p>
                {returnedReviews
                  .filter((r) => criterion.items.some((i) => i.code === r.itemCode))
                  .map((r) => (
                    <p key={r.itemCode} className="return-reason" data-item={r.itemCode}>
                      <strong>↩ {t('rounds:form.returnedItem', { item: itemTitle(r.itemCode) })}</strong> {r.reason}
                      {r.reviewerName && <span className="muted small"> — {r.reviewerName}</span>}
                    </p>
                  ))}
                <div className="inputs">{list.map(renderInput)}</div>
                <h3 className="items-title">{t('assessments:form.items')}</h3>
                <ul className="items">
                  {criterion.items.map((item) => (
                    <ItemScore
                      key={item.code}
                      item={item}
                      result={cr?.items.find((i) => i.code === item.code)}
                      inputs={inputs}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      </div>

      {!readOnly && (
        <div className="save-bar" role="region" aria-label={t('assessments:save.region')}>
          <div className="save-status" role="status" aria-live="polite">
            <ErrorsSaid messages={[...live.issues.keys(), ...Object.keys(serverIssues)].map(errorsOf)} />
            <SaveStatus save={save} changedCount={unsent} waiting={Object.keys(queued).length > 0} />
            {otherIssues.length > 0 && (
              <ul className="field-error">
                {otherIssues.map((m, n) => (
                  <li key={n}>{m}</li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            className="btn-primary"
            onClick={() => void doSave('button')}
            aria-disabled={save.kind === 'saving' || undefined}
          >
            {save.kind === 'saving' ? t('assessments:save.saving') : t('assessments:save.button')}
          </button>
        </div>
      )}
    </div>
  );
}

function SaveStatus({ save, changedCount, waiting }: { save: SaveState; changedCount: number; waiting: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  switch (save.kind) {
    case 'saving':
      return <span className="state-saving">{t('assessments:save.saving')}</span>;
    case 'error':
      return <span className="state-error">{t('assessments:save.failed', { message: save.message })}</span>;
    case 'refused':
      return <span className="state-error">{t('assessments:save.refused', { count: save.count })}</span>;
    case 'conflict':
      return <span className="state-error">{t('assessments:conflict.summary', { count: save.count })}</span>;
    case 'queued':
      return <span className="state-dirty">{t('assessments:offline.queued')}</span>;
    case 'saved':
      if (changedCount === 0)
        return (
          <span className="state-saved">
            {t('assessments:save.savedAt', { time: f.dateTime(save.at.toISOString()) })}
          </span>
        );
      break;
    case 'idle':
      break;
  }
  if (changedCount > 0)
    return <span className="state-dirty">{t('assessments:save.unsaved', { count: changedCount })}</span>;
  // Opened again while its saves wait in the outbox: they are on the device, not unsaved.
  if (waiting) return <span className="state-dirty">{t('assessments:offline.queued')}</span>;
  return <span className="state-clean">{t('assessments:save.clean')}</span>;
}
