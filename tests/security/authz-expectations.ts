// The authorization matrix's expectations: a small set of named policies, and for every API route its
// policy and the request that exercises it (tests/security/authz-matrix.test.ts runs them all).
//
// A subject is one role held in commune A (commune roles) or in province P (province roles), a national
// role held without a unit (the ministry official, the system administrator), or nobody (anonymous). A route
// is aimed at a target unit; the subject's relation to it:
//   own      A for a commune role, P for a province role
//   sibling  another commune A2 of the same province P (commune roles)
//   parent   the province P of a commune role's commune
//   child    a commune A or A2 of a province role's province
//   other    commune B or province Q in another province
//   any      the national roles and the anonymous caller (no unit), and every subject on unscoped routes
// A policy answers allow or deny for (subject, relation, level of the target).

export const ROLES = [
  'commune_officer',
  'commune_chairman',
  'collaborator',
  'province_official',
  'appraiser',
  'sector_reviewer',
  'signer',
  'ministry_official',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];
export type Subject = Role | 'anonymous';
export type Relation = 'own' | 'sibling' | 'parent' | 'child' | 'other' | 'any';
export type Level = 'commune' | 'province' | 'none';
export const SUBJECTS: Subject[] = [...ROLES, 'anonymous'];

export interface Policy {
  name: string;
  /** One line for the generated document. */
  rule: string;
  allows(subject: Subject, relation: Relation, level: Level): boolean;
}

const COMMUNE_SIDE: Subject[] = ['commune_officer', 'commune_chairman'];
const PROVINCE_SIDE: Subject[] = ['province_official', 'appraiser', 'sector_reviewer', 'signer'];
const admin = (s: Subject) => s === 'system_admin';
/** The Ministry of Health official (Cục Bà mẹ và Trẻ em): national aggregates and the national lists. */
const ministry = (s: Subject) => s === 'ministry_official';
const is = (list: Subject[], s: Subject) => list.includes(s);

const policy = (name: string, rule: string, allows: Policy['allows']): Policy => ({ name, rule, allows });

export const POLICIES = {
  public: policy('public', 'anyone, without an account', () => true),
  anyUser: policy('anyUser', 'any logged-in user', (s) => s !== 'anonymous'),
  adminOnly: policy('adminOnly', 'system administrator only', (s) => admin(s)),
  ministryOnly: policy(
    'ministryOnly',
    'the Ministry of Health official only (national rule sets, questionnaires, sub-groups)',
    (s) => ministry(s),
  ),
  nationRead: policy(
    'nationRead',
    'the Ministry of Health official and the administrator (national aggregates)',
    (s) => ministry(s) || admin(s),
  ),
  provinceOfficial: policy(
    'provinceOfficial',
    'province officials (any province; each is held to its own communes)',
    (s) => s === 'province_official',
  ),
  provinceOfficialOrAdmin: policy(
    'provinceOfficialOrAdmin',
    'province officials (any province) and the administrator',
    (s) => admin(s) || s === 'province_official',
  ),
  unitScope: policy(
    'unitScope',
    "commune: its officer and chairman, its province's four province roles; province: its province roles; and the administrator",
    (s, rel) =>
      admin(s) ||
      (is(COMMUNE_SIDE, s) && rel === 'own') ||
      (is(PROVINCE_SIDE, s) && (rel === 'child' || rel === 'own')),
  ),
  unitAggregates: policy(
    'unitAggregates',
    'as unitScope, and the Ministry of Health official (aggregates of every commune)',
    (s, rel) =>
      ministry(s) ||
      admin(s) ||
      (is(COMMUNE_SIDE, s) && rel === 'own') ||
      (is(PROVINCE_SIDE, s) && (rel === 'child' || rel === 'own')),
  ),
  communeOwnWrite: policy(
    'communeOwnWrite',
    "the commune's officer and chairman only (not the administrator, not the ministry)",
    (s, rel) => is(COMMUNE_SIDE, s) && rel === 'own',
  ),
  provinceRead: policy(
    'provinceRead',
    "the province's four province roles and the administrator",
    (s, rel) => admin(s) || (is(PROVINCE_SIDE, s) && rel === 'own'),
  ),
  provinceAggregates: policy(
    'provinceAggregates',
    "the province's four province roles, the Ministry of Health official and the administrator",
    (s, rel) => ministry(s) || admin(s) || (is(PROVINCE_SIDE, s) && rel === 'own'),
  ),
  roundRead: policy(
    'roundRead',
    "the round's province roles, the officers and chairmen of its communes, and the administrator",
    (s, rel) => admin(s) || (is(PROVINCE_SIDE, s) && rel === 'own') || (is(COMMUNE_SIDE, s) && rel === 'parent'),
  ),
  statisticsExport: policy(
    'statisticsExport',
    "commune: its officer and chairman and its province's official; province: its province official (exact counts)",
    (s, rel, level) =>
      (level === 'commune' && is(COMMUNE_SIDE, s) && rel === 'own') ||
      (s === 'province_official' && (rel === 'own' || rel === 'child')),
  ),
  provinceOfficialOwn: policy(
    'provinceOfficialOwn',
    "the province's own province official only",
    (s, rel) => s === 'province_official' && rel === 'own',
  ),
  boundaryImport: policy(
    'boundaryImport',
    "the province's own province official and the administrator (boundaries are reference data)",
    (s, rel) => admin(s) || (s === 'province_official' && rel === 'own'),
  ),
  recheck: policy(
    'recheck',
    "the province's official and appraiser",
    (s, rel) => (s === 'province_official' || s === 'appraiser') && rel === 'own',
  ),
  recheckRead: policy(
    'recheckRead',
    "the province's official, appraiser and signer",
    (s, rel) => (s === 'province_official' || s === 'appraiser' || s === 'signer') && rel === 'own',
  ),
  signer: policy('signer', "the province's signer only", (s, rel) => s === 'signer' && rel === 'own'),
  appraiser: policy(
    'appraiser',
    "the appraiser of the commune's province only",
    (s, rel) => s === 'appraiser' && rel === 'child',
  ),
  reviewer: policy(
    'reviewer',
    "the appraiser and the sector reviewers (of the item's sector) of the commune's province only",
    (s, rel) => (s === 'appraiser' || s === 'sector_reviewer') && rel === 'child',
  ),
  categoryWrite: policy(
    'categoryWrite',
    "the province official of the commune's province only",
    (s, rel) => s === 'province_official' && rel === 'child',
  ),
  register: policy(
    'register',
    "the commune's officer, chairman and village collaborator only (no one above the commune)",
    (s, rel) => (is(COMMUNE_SIDE, s) || s === 'collaborator') && rel === 'own',
  ),
  hazardRead: policy(
    'hazardRead',
    "the commune's officer, chairman and village collaborator, its province's four province roles, and the administrator",
    (s, rel) =>
      admin(s) ||
      ((is(COMMUNE_SIDE, s) || s === 'collaborator') && rel === 'own') ||
      (is(PROVINCE_SIDE, s) && rel === 'child'),
  ),
  registerOfficer: policy(
    'registerOfficer',
    "the commune's officer and chairman only",
    (s, rel) => is(COMMUNE_SIDE, s) && rel === 'own',
  ),
  registerChairman: policy(
    'registerChairman',
    "the commune's chairman only",
    (s, rel) => s === 'commune_chairman' && rel === 'own',
  ),
  planRead: policy(
    'planRead',
    "commune: its officer and chairman, its province roles; province: its province roles and its communes' officers and chairmen; and the administrator",
    (s, rel) =>
      admin(s) ||
      (is(COMMUNE_SIDE, s) && (rel === 'own' || rel === 'parent')) ||
      (is(PROVINCE_SIDE, s) && (rel === 'own' || rel === 'child')),
  ),
  planWrite: policy(
    'planWrite',
    'commune: its officer and chairman; province: its province official',
    (s, rel, level) => (level === 'commune' ? is(COMMUNE_SIDE, s) : s === 'province_official') && rel === 'own',
  ),
  surveyList: policy(
    'surveyList',
    "the commune's officer, chairman and collaborator, its province roles, and the administrator",
    (s, rel) =>
      admin(s) ||
      ((is(COMMUNE_SIDE, s) || s === 'collaborator') && rel === 'own') ||
      (is(PROVINCE_SIDE, s) && rel === 'child'),
  ),
  surveyPaper: policy(
    'surveyPaper',
    "the commune's officer, chairman and collaborator only",
    (s, rel) => (is(COMMUNE_SIDE, s) || s === 'collaborator') && rel === 'own',
  ),
  importOwner: policy(
    'importOwner',
    'only the province official who previewed the file (here the official of P); anyone else gets 404',
    (s, rel) => s === 'province_official' && rel === 'own',
  ),
  jobOwner: policy(
    'jobOwner',
    'only the user who started the job (here the officer of A); anyone else gets 404',
    (s, rel) => s === 'commune_officer' && rel === 'own',
  ),
} satisfies Record<string, Policy>;

export type PolicyName = keyof typeof POLICIES;

/** Ids of the rows a target unit owns, created by the test before the matrix runs. */
export interface Target {
  level: 'commune' | 'province';
  /** The unit itself. */
  unitId: number;
  code: string;
  provinceId: number;
  periodId: number;
  year: number;
  /** The round of the unit's province, and (commune) the unit's dossier in it, submitted. */
  roundId: number;
  entryId: number;
  planId: number;
  taskId: number;
  agencyId: number;
  /** Commune only (0 on a province). */
  evidenceId: number;
  commentId: number;
  forumId: number;
  recommendationId: number;
  childId: number;
  healthRecordId: number;
  caseId: number;
  /** A hazard site in the village of the seeded child (the collaborator's village in A). */
  hazardSiteId: number;
  surveyId: number;
  surveyCode: string;
  importId: number;
  jobId: string;
  /** The province's plan (a commune drafts from it). */
  parentPlanId: number;
  /** The administrator subject (an account the test may name). */
  adminId: number;
  /** Province only (0 on a commune). */
  decisionId: number;
  recheckId: number;
  recheckEntryId: number;
  /** An activity of the unit's log, and an evidence file of it. */
  activityId: number;
  activityFileId: number;
}

/** What the test can do for a case before sending it: a fresh row to consume. */
export interface CaseTools {
  freshImport(t: Target): Promise<number>;
  freshHealthRecord(t: Target): Promise<number>;
  /** A previewed boundary file of the province, by its province official. */
  freshBoundaryImport(t: Target): Promise<number>;
  /** An activity of the unit's log, and an evidence file of the target's activity (a delete consumes one). */
  freshActivity(t: Target): Promise<number>;
  freshActivityFile(t: Target): Promise<number>;
}

export interface RouteSpec {
  policy: PolicyName;
  /** Which units the route is aimed at: a commune (A, A2, B), a province (P, Q), either level, or none. */
  target: 'commune' | 'province' | 'unit' | 'none';
  /** Path parameters beyond the defaults (see DEFAULT_PARAMS in the test). */
  params?: (t: Target) => Record<string, string | number>;
  query?: (t: Target) => Record<string, string>;
  body?: (t: Target) => unknown;
  /** A multipart/form-data body instead (fields, and a file). */
  multipart?: (t: Target) => { fields: Record<string, string>; file?: { name: string; data: Buffer; type?: string } };
  /** Rows the request consumes (a delete, a discard), made fresh for every case. */
  fresh?: (t: Target, tools: CaseTools) => Promise<Record<string, string | number>>;
  /** The route answers 404 for a row the caller may not see (so 404 counts as a denial). */
  hidesExistence?: boolean;
  /** The request ends or replaces the caller's session: it is sent with a throwaway session of the subject. */
  throwawaySession?: boolean;
  note?: string;
}

const YEAR = 2026;
const forumBody = {
  kind: 'forum',
  level: 'commune',
  heldOn: `${YEAR}-05-30`,
  title: 'Diễn đàn trẻ em',
  boysUnder11: 3,
  girlsUnder11: 4,
  recommendations: [{ text: 'Làm thêm sân chơi', agency: 'UBND xã' }],
};
const planBody = (t: Target) => ({
  year: YEAR,
  title: 'Kế hoạch công tác trẻ em',
  place: 'Thái Nguyên',
  parentPlanId: t.level === 'commune' ? t.parentPlanId : null,
});

/**
 * Every API route ('METHOD /url' as Fastify registered it; HEAD routes mirror GET and are left out,
 * /api/docs is the API browser's static pages). A route missing here fails the test.
 */
export const ROUTES: Record<string, RouteSpec> = {
  // --- public and account ---
  'GET /api/health': { policy: 'public', target: 'none' },
  'GET /api/openapi.json': { policy: 'public', target: 'none' },
  'POST /api/auth/login': {
    policy: 'public',
    target: 'none',
    throwawaySession: true,
    body: () => ({ username: 'authz.throwaway', password: 'authz@2026-throwaway' }),
  },
  'POST /api/auth/logout': { policy: 'public', target: 'none', throwawaySession: true },
  'GET /api/auth/me': { policy: 'anyUser', target: 'none' },
  'GET /api/auth/session': { policy: 'public', target: 'none' },
  'POST /api/auth/password': {
    policy: 'anyUser',
    target: 'none',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'a-new-password-2026' }),
    note: 'the wrong current password: 400 once logged in',
  },
  'GET /api/public/communes/:code': { policy: 'public', target: 'commune' },
  'GET /api/public/communes/:code/entries/:entryId/self-assessment.pdf': {
    policy: 'public',
    target: 'commune',
    note: 'the table of a public entry; another commune’s entry under this code is 404 for everyone',
  },
  'POST /api/public/communes/:code/comments': {
    policy: 'public',
    target: 'commune',
    body: (t) => ({ entryId: t.entryId, body: 'Ý kiến góp ý về hồ sơ của xã.' }),
    note: 'the posting is over, so 409 for everyone',
  },
  'GET /api/public/recognized': { policy: 'public', target: 'none' },
  'GET /api/public/provinces': { policy: 'public', target: 'none' },
  'GET /api/public/provinces/:code': { policy: 'public', target: 'province' },
  'GET /api/public/surveys/:code': { policy: 'public', target: 'commune', params: (t) => ({ code: t.surveyCode }) },
  'POST /api/public/surveys/:code/responses': {
    policy: 'public',
    target: 'commune',
    params: (t) => ({ code: t.surveyCode }),
    body: () => ({ answers: {} }),
  },

  // --- reference data ---
  'GET /api/units': { policy: 'anyUser', target: 'none' },
  'GET /api/units/:id': { policy: 'anyUser', target: 'commune' },
  'PUT /api/units/:id/category': { policy: 'categoryWrite', target: 'commune', body: () => ({ category: 'other' }) },
  'POST /api/units/categories/import': {
    policy: 'provinceOfficial',
    target: 'none',
    body: () => ({ csv: 'code,category\r\n', dryRun: true }),
    note: "rows outside the official's province are refused row by row",
  },
  'GET /api/units/categories/template.csv': { policy: 'provinceOfficial', target: 'none' },
  'GET /api/rule-sets': { policy: 'anyUser', target: 'none' },
  'GET /api/rule-sets/:id': { policy: 'anyUser', target: 'none', params: () => ({ id: 1 }) },
  'POST /api/rule-sets/:id/copy': {
    policy: 'ministryOnly',
    target: 'none',
    params: () => ({ id: 1 }),
    body: () => ({ note: 'authz' }),
  },
  'PUT /api/rule-sets/:id': {
    policy: 'ministryOnly',
    target: 'none',
    params: () => ({ id: 1 }),
    body: () => ({ definition: {} }),
    note: 'rule set 1 is published, so 409/400 once past the role check',
  },
  'POST /api/rule-sets/:id/publish': {
    policy: 'ministryOnly',
    target: 'none',
    params: () => ({ id: 1 }),
    note: 'already published: refused after the role check',
  },
  'GET /api/audit': { policy: 'adminOnly', target: 'none' },
  'GET /api/periods': { policy: 'anyUser', target: 'none' },
  'POST /api/periods': { policy: 'adminOnly', target: 'none', body: () => ({ year: YEAR }) },
  'GET /api/holidays': { policy: 'anyUser', target: 'none', query: () => ({ year: String(YEAR) }) },
  'PUT /api/holidays/:date': {
    policy: 'adminOnly',
    target: 'none',
    params: () => ({ date: `${YEAR}-12-24` }),
    body: () => ({ kind: null }),
  },
  'GET /api/plan-indicators': { policy: 'anyUser', target: 'none' },
  'POST /api/score': {
    policy: 'anyUser',
    target: 'none',
    body: () => ({ category: 'other', values: {}, allowMissing: true }),
  },
  'GET /api/questionnaires': { policy: 'anyUser', target: 'none' },
  'GET /api/questionnaires/:code': { policy: 'anyUser', target: 'none', params: () => ({ code: 'tre-em' }) },
  'PUT /api/questionnaires/:code': {
    policy: 'ministryOnly',
    target: 'none',
    params: () => ({ code: 'tre-em' }),
    body: () => ({}),
    note: 'national questionnaires: the ministry edits them, everyone reads them',
  },
  'GET /api/register/groups': { policy: 'anyUser', target: 'none' },
  'POST /api/register/groups': {
    policy: 'ministryOnly',
    target: 'none',
    body: () => ({ parent: 'zz', code: 'zz.1', labelVi: 'Nhóm thử' }),
    note: 'the national sub-group list; unknown parent: 400 once past the role check',
  },
  'GET /api/register/template.xlsx': { policy: 'anyUser', target: 'none' },
  'GET /api/register/jobs/:jobId': {
    policy: 'jobOwner',
    target: 'commune',
    params: (t) => ({ jobId: t.jobId }),
    hidesExistence: true,
  },
  'GET /api/deadlines': { policy: 'anyUser', target: 'none' },
  'GET /api/notifications': { policy: 'anyUser', target: 'none', note: "the caller's own notifications only" },
  'POST /api/notifications/:id/read': {
    policy: 'anyUser',
    target: 'none',
    params: () => ({ id: 1 }),
    note: "marks only the caller's own notification",
  },

  // --- assessments ---
  'GET /api/periods/:periodId/assessments': {
    policy: 'provinceRead',
    target: 'province',
    query: (t) => ({ provinceId: String(t.unitId) }),
    note: 'with ?provinceId; without it every user gets the communes in their own scope',
  },
  'GET /api/units/:unitId/assessments/:periodId': { policy: 'unitScope', target: 'commune' },
  'PUT /api/units/:unitId/assessments/:periodId/values': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: () => ({ values: {} }),
  },
  'GET /api/units/:unitId/assessments/:periodId/history': { policy: 'unitScope', target: 'commune' },
  'GET /api/units/:unitId/assessments/:periodId/inputs.xlsx': { policy: 'unitScope', target: 'commune' },
  'POST /api/units/:unitId/assessments/:periodId/inputs.xlsx/preview': {
    policy: 'communeOwnWrite',
    target: 'commune',
    note: 'sent without a file: 415 once past the checks',
  },
  'POST /api/units/:unitId/assessments/:periodId/inputs.xlsx/commit': {
    policy: 'communeOwnWrite',
    target: 'commune',
    query: () => ({ token: '0'.repeat(64) }),
  },

  // --- rounds ---
  'POST /api/rounds': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    body: (t) => ({ provinceId: t.unitId, year: YEAR, appraisingBody: 'Sở Y tế', signerTitle: 'CHỦ TỊCH' }),
    note: 'the round exists: 409 once past the check',
  },
  'GET /api/rounds': { policy: 'anyUser', target: 'none', note: 'lists the rounds in the caller scope' },
  'GET /api/rounds/:id': { policy: 'roundRead', target: 'province', params: (t) => ({ id: t.roundId }) },
  'PUT /api/rounds/:id': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    params: (t) => ({ id: t.roundId }),
    body: () => ({ postingDays: 7 }),
  },
  'GET /api/rounds/:id/entries/:unitId': { policy: 'unitScope', target: 'commune', params: (t) => ({ id: t.roundId }) },
  'PUT /api/rounds/:id/entries/:unitId/council': {
    policy: 'communeOwnWrite',
    target: 'commune',
    params: (t) => ({ id: t.roundId }),
    body: () => ({ members: [], meetingOn: '2099-01-01', meetingPlace: '', meetingSummary: '' }),
    note: 'a meeting date in the future: 400 once past the check',
  },
  'POST /api/rounds/:id/entries/:unitId/transitions': {
    policy: 'appraiser',
    target: 'commune',
    params: (t) => ({ id: t.roundId }),
    body: () => ({ action: 'appraise' }),
    note: 'action appraise on a submitted dossier (the appraiser; items pending: 409 once past the check); each action has its own actors (core/workflow)',
  },
  'GET /api/rounds/:id/entries/:unitId/minutes.:format': {
    policy: 'unitScope',
    target: 'commune',
    params: (t) => ({ id: t.roundId, format: 'docx' }),
  },
  'PUT /api/round-entries/:entryId/reviews/:itemCode': {
    policy: 'reviewer',
    target: 'commune',
    params: () => ({ itemCode: 'C07.immunized' }),
    body: () => ({ decision: 'accepted' }),
    note: 'item C07.immunized is of the health sector (the sector reviewer here)',
  },
  'DELETE /api/round-entries/:entryId/reviews/:itemCode': {
    policy: 'reviewer',
    target: 'commune',
    params: () => ({ itemCode: 'C07.immunized' }),
    note: 'no return of C07.immunized (health) waits to be sent: 409 once past the check',
  },
  'POST /api/round-entries/:entryId/returns': {
    policy: 'appraiser',
    target: 'commune',
    note: 'sends the gathered returns; none pending: 409 once past the check',
  },
  'PUT /api/round-entries/:entryId/appraiser-values': {
    policy: 'appraiser',
    target: 'commune',
    body: () => ({ values: {} }),
  },
  'POST /api/rounds/:id/decisions': {
    policy: 'signer',
    target: 'province',
    params: (t) => ({ id: t.roundId }),
    body: (t) => ({
      number: '1/QĐ-UBND',
      signedOn: `${YEAR}-01-02`,
      signerName: 'Nguyễn Văn A',
      entryIds: [t.entryId],
    }),
    note: 'the dossier is not appraised: 409 once past the check',
  },
  'GET /api/rounds/:id/decisions': { policy: 'roundRead', target: 'province', params: (t) => ({ id: t.roundId }) },
  'GET /api/rounds/:id/decisions/preview.:format': {
    policy: 'signer',
    target: 'province',
    params: (t) => ({ id: t.roundId, format: 'pdf' }),
    query: (t) => ({
      number: '1/QĐ-UBND',
      signedOn: `${YEAR}-01-02`,
      signerName: 'Nguyễn Văn A',
      entryIds: String(t.entryId),
    }),
    note: 'the dossier is not appraised: 409 once past the check',
  },
  'GET /api/rounds/:id/calendar.ics': { policy: 'roundRead', target: 'province', params: (t) => ({ id: t.roundId }) },
  'GET /api/decisions/:id/document.:format': {
    policy: 'roundRead',
    target: 'province',
    params: (t) => ({ id: t.decisionId, format: 'docx' }),
  },
  'POST /api/units/:unitId/registrations': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: () => ({ termStart: 2022, documentRef: 'Văn bản đăng ký' }),
    note: 'term start 2022 is not a term: 400 once past the check',
  },
  'POST /api/rounds/:id/rechecks': {
    policy: 'recheck',
    target: 'province',
    params: (t) => ({ id: t.roundId }),
    body: () => ({ share: 0.5 }),
    note: 'nothing recognised yet: 409 once past the check',
  },
  'GET /api/rechecks/:id': { policy: 'recheckRead', target: 'province', params: (t) => ({ id: t.recheckId }) },
  'GET /api/units/:unitId/groupings': { policy: 'provinceRead', target: 'province' },
  'PUT /api/units/:unitId/groupings/:grouping': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    params: () => ({ grouping: 'Cụm kiểm tra' }),
    query: () => ({ kind: 'custom' }),
    multipart: () => ({
      fields: {},
      file: { name: 'cum.csv', data: Buffer.from('ma,nhom\n99999,Cụm 1\n'), type: 'text/csv' },
    }),
    note: 'an unknown commune code: 400 once past the check',
  },
  'DELETE /api/units/:unitId/groupings/:grouping': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    params: () => ({ grouping: 'Cụm không có' }),
    note: 'no such grouping: 204 (nothing to delete) once past the check',
  },
  'PUT /api/historical-issuers/:record/:id': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    params: (t) => ({ record: 'round', id: t.roundId }),
    body: () => ({ issuerGroupId: null }),
    note: "clearing the round's former district: 200 once past the check",
  },
  'PUT /api/rechecks/:id/entries/:entryId': {
    policy: 'recheck',
    target: 'province',
    params: (t) => ({ id: t.recheckId, entryId: t.recheckEntryId }),
    body: () => ({ values: {} }),
  },

  // --- evidence and public posting ---
  'POST /api/round-entries/:entryId/evidence': {
    policy: 'communeOwnWrite',
    target: 'commune',
    note: 'the dossier is submitted: 409 once past the check',
  },
  'GET /api/round-entries/:entryId/evidence': { policy: 'unitScope', target: 'commune' },
  'GET /api/evidence/:id/download': { policy: 'unitScope', target: 'commune', params: (t) => ({ id: t.evidenceId }) },
  'DELETE /api/evidence/:id': {
    policy: 'communeOwnWrite',
    target: 'commune',
    params: (t) => ({ id: t.evidenceId }),
    note: 'the dossier is submitted: 409 once past the check',
  },
  'GET /api/round-entries/:entryId/comments': { policy: 'unitScope', target: 'commune' },
  'PUT /api/round-entries/:entryId/comments/:commentId': {
    policy: 'communeOwnWrite',
    target: 'commune',
    params: (t) => ({ commentId: t.commentId }),
    body: () => ({ answer: 'Cảm ơn góp ý.' }),
  },

  // --- dashboards ---
  'GET /api/dashboards/nation': { policy: 'nationRead', target: 'none' },
  'GET /api/dashboards/nation/dashboard.xlsx': { policy: 'nationRead', target: 'none' },
  'GET /api/dashboards/provinces/:id': { policy: 'provinceAggregates', target: 'province' },
  'GET /api/dashboards/provinces/:id/dashboard.xlsx': { policy: 'provinceAggregates', target: 'province' },
  'GET /api/dashboards/communes/:id': { policy: 'unitAggregates', target: 'commune' },
  'GET /api/dashboards/communes/:id/dashboard.xlsx': { policy: 'unitAggregates', target: 'commune' },

  // --- maps ---
  'GET /api/maps/nation': { policy: 'nationRead', target: 'none' },
  'GET /api/maps/provinces/:id': { policy: 'provinceAggregates', target: 'province' },
  'GET /api/maps/imports': {
    policy: 'provinceOfficialOrAdmin',
    target: 'none',
    note: "an official sees its own province's imports",
  },
  'POST /api/maps/imports': {
    policy: 'boundaryImport',
    target: 'province',
    multipart: (t) => ({
      fields: { level: 'commune', provinceId: String(t.unitId) },
      file: { name: 'ranh-gioi.geojson', data: Buffer.from('not json') },
    }),
    note: 'a commune file for the province; the file is unreadable: 400 once past the check',
  },
  'POST /api/maps/imports/:id/commit': {
    policy: 'importOwner',
    target: 'province',
    fresh: async (t, tools) => ({ id: await tools.freshBoundaryImport(t) }),
    hidesExistence: true,
  },
  'DELETE /api/maps/imports/:id': {
    policy: 'importOwner',
    target: 'province',
    fresh: async (t, tools) => ({ id: await tools.freshBoundaryImport(t) }),
    hidesExistence: true,
  },

  // --- children's register ---
  'GET /api/communes/:unitId/register/villages': { policy: 'register', target: 'commune' },
  'GET /api/communes/:unitId/register/children': { policy: 'register', target: 'commune' },
  'POST /api/communes/:unitId/register/children': {
    policy: 'register',
    target: 'commune',
    body: () => ({}),
    note: 'an empty record: 400 once past the commune check (a collaborator is further held to their village)',
  },
  'GET /api/communes/:unitId/register/children/:childId': { policy: 'register', target: 'commune' },
  'PUT /api/communes/:unitId/register/children/:childId': { policy: 'register', target: 'commune', body: () => ({}) },
  'POST /api/communes/:unitId/register/children/:childId/:kind': {
    policy: 'register',
    target: 'commune',
    params: () => ({ kind: 'health-records' }),
    body: () => ({}),
  },
  'DELETE /api/communes/:unitId/register/children/:childId/:kind/:id': {
    policy: 'register',
    note: 'a health record, which a collaborator keeps too (circumstances and supports: officer and chairman)',
    target: 'commune',
    params: () => ({ kind: 'health-records' }),
    fresh: async (t, tools) => ({ id: await tools.freshHealthRecord(t) }),
  },
  'GET /api/communes/:unitId/register/cases': { policy: 'registerOfficer', target: 'commune' },
  'POST /api/communes/:unitId/register/cases': {
    policy: 'registerOfficer',
    target: 'commune',
    body: (t) => ({ childId: t.childId }),
    note: 'no fields: 400 once past the check',
  },
  'GET /api/communes/:unitId/register/cases/:caseId': {
    policy: 'registerOfficer',
    target: 'commune',
    note: "the officer is the case's worker",
  },
  'PUT /api/communes/:unitId/register/cases/:caseId': {
    policy: 'registerOfficer',
    target: 'commune',
    body: () => ({ summary: 'Cập nhật' }),
  },
  'POST /api/communes/:unitId/register/cases/:caseId/approve-plan': {
    policy: 'registerChairman',
    target: 'commune',
    body: () => ({ approvedOn: `${YEAR}-01-05` }),
  },
  'GET /api/communes/:unitId/register/access-log': { policy: 'registerChairman', target: 'commune' },
  'GET /api/communes/:unitId/register/workers': { policy: 'registerChairman', target: 'commune' },
  'GET /api/communes/:unitId/register/derived': {
    policy: 'registerOfficer',
    target: 'commune',
    query: (t) => ({ periodId: String(t.periodId) }),
  },
  'GET /api/communes/:unitId/register/derived/:code/records': {
    policy: 'registerOfficer',
    target: 'commune',
    params: () => ({ code: 'C02.births' }),
    query: (t) => ({ periodId: String(t.periodId) }),
  },
  'POST /api/communes/:unitId/register/derived/adopt': {
    policy: 'registerOfficer',
    target: 'commune',
    body: (t) => ({ periodId: t.periodId, codes: ['x.unknown'] }),
  },
  'POST /api/communes/:unitId/register/imports': {
    policy: 'registerOfficer',
    target: 'commune',
    note: 'sent without a file (415 once past authorization); a collaborator is refused before the upload is read',
  },
  'POST /api/communes/:unitId/register/imports/:importId/commit': {
    policy: 'registerOfficer',
    target: 'commune',
    fresh: async (t, tools) => ({ importId: await tools.freshImport(t) }),
    note: 'answers 202 with a job; a collaborator is refused before the job starts',
  },
  'DELETE /api/communes/:unitId/register/imports/:importId': {
    policy: 'registerOfficer',
    target: 'commune',
    fresh: async (t, tools) => ({ importId: await tools.freshImport(t) }),
  },
  'GET /api/communes/:unitId/register/export.xlsx': { policy: 'registerOfficer', target: 'commune' },
  'GET /api/provinces/:unitId/register/summary': {
    policy: 'provinceRead',
    target: 'province',
    query: (t) => ({ periodId: String(t.periodId) }),
  },

  // --- privacy ---
  'GET /api/communes/:unitId/privacy/children/:childId/export': { policy: 'registerChairman', target: 'commune' },
  'GET /api/communes/:unitId/privacy/children/:childId/erasure': { policy: 'registerChairman', target: 'commune' },
  'POST /api/communes/:unitId/privacy/children/:childId/erase': {
    policy: 'registerChairman',
    target: 'commune',
    body: () => ({ requestRef: 'PYC-01' }),
    note: 'the child has an open case: 409 once past the check',
  },
  'GET /api/communes/:unitId/privacy/erasures': { policy: 'registerChairman', target: 'commune' },
  'GET /api/privacy/me/export': { policy: 'anyUser', target: 'none', note: "the caller's own account data" },
  'GET /api/privacy/users': { policy: 'adminOnly', target: 'none' },
  'POST /api/privacy/users/:userId/erase': {
    policy: 'adminOnly',
    target: 'none',
    params: (t) => ({ userId: t.adminId }),
    body: () => ({ requestRef: 'PYC-02' }),
    note: "the administrator's own account: 409 once past the check",
  },
  'GET /api/privacy/retention': { policy: 'adminOnly', target: 'none' },
  'PUT /api/privacy/retention/:key': {
    policy: 'adminOnly',
    target: 'none',
    params: () => ({ key: 'access_log_years' }),
    body: () => ({}),
  },
  'POST /api/privacy/retention/run': { policy: 'adminOnly', target: 'none' },
  'GET /api/privacy/record': { policy: 'adminOnly', target: 'none' },

  // --- hazard sites ---
  'GET /api/communes/:unitId/hazard-sites': { policy: 'hazardRead', target: 'commune' },
  'POST /api/communes/:unitId/hazard-sites': {
    policy: 'register',
    target: 'commune',
    body: () => ({ villageId: 2_000_000_000, kind: 'pond', place: 'Ao nhà văn hóa', foundOn: `${YEAR}-03-01` }),
    note: 'a village not of the commune: 400 once past the check (a collaborator writes only in their villages)',
  },
  'PATCH /api/communes/:unitId/hazard-sites/:siteId': {
    policy: 'register',
    target: 'commune',
    params: (t) => ({ siteId: t.hazardSiteId }),
    body: () => ({ note: 'Đã nhắc chủ hộ' }),
  },

  // --- forums and events ---
  'GET /api/communes/:unitId/forums': { policy: 'unitScope', target: 'commune' },
  'POST /api/communes/:unitId/forums': { policy: 'communeOwnWrite', target: 'commune', body: () => forumBody },
  'GET /api/communes/:unitId/forums/:forumId': { policy: 'unitScope', target: 'commune' },
  'PUT /api/communes/:unitId/forums/:forumId': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: () => ({ ...forumBody, recommendations: undefined }),
  },
  'PUT /api/communes/:unitId/forums/:forumId/recommendations/:recommendationId/answer': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: () => ({ answer: 'Đã làm sân chơi', answeredOn: `${YEAR}-06-30` }),
  },
  'GET /api/communes/:unitId/child-events': { policy: 'unitScope', target: 'commune' },
  'POST /api/communes/:unitId/child-events': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: () => ({ kind: 'other', heldOn: `${YEAR}-03-01`, title: 'Giao lưu', participants: 10 }),
  },

  // --- surveys ---
  'GET /api/communes/:unitId/surveys': {
    policy: 'surveyList',
    target: 'commune',
    query: (t) => ({ periodId: String(t.periodId) }),
  },
  'POST /api/communes/:unitId/surveys': {
    policy: 'communeOwnWrite',
    target: 'commune',
    body: (t) => ({ periodId: t.periodId, audience: 'residents', sampleSize: 1 }),
  },
  'GET /api/communes/:unitId/surveys/:surveyId/codes': { policy: 'communeOwnWrite', target: 'commune' },
  'GET /api/communes/:unitId/surveys/:surveyId/codes.pdf': { policy: 'communeOwnWrite', target: 'commune' },
  'POST /api/communes/:unitId/surveys/:surveyId/close': { policy: 'communeOwnWrite', target: 'commune' },
  'POST /api/communes/:unitId/surveys/:surveyId/paper': {
    policy: 'surveyPaper',
    target: 'commune',
    body: () => ({ answers: {} }),
    note: 'no answers: 400 once past the check',
  },
  'GET /api/communes/:unitId/surveys/results': {
    policy: 'unitScope',
    target: 'commune',
    query: (t) => ({ periodId: String(t.periodId) }),
  },
  'GET /api/communes/:unitId/surveys/results.xlsx': {
    policy: 'unitScope',
    target: 'commune',
    query: (t) => ({ periodId: String(t.periodId) }),
  },

  // --- plans, agencies, tasks (a commune's or a province's) ---
  // --- the activity log (read and written as the unit's plans) ---
  'GET /api/units/:unitId/activities': { policy: 'planRead', target: 'unit', query: (t) => ({ year: String(t.year) }) },
  'POST /api/units/:unitId/activities': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ kind: 'training', heldOn: `${YEAR}-04-02`, title: 'Tập huấn Bộ tiêu chí' }),
  },
  'GET /api/activities/:id': { policy: 'planRead', target: 'unit', params: (t) => ({ id: t.activityId }) },
  'PATCH /api/activities/:id': {
    policy: 'planWrite',
    target: 'unit',
    params: (t) => ({ id: t.activityId }),
    body: () => ({ place: 'Hội trường UBND' }),
  },
  'DELETE /api/activities/:id': {
    policy: 'planWrite',
    target: 'unit',
    fresh: async (t, tools) => ({ id: await tools.freshActivity(t) }),
  },
  'POST /api/activities/:id/files': {
    policy: 'planWrite',
    target: 'unit',
    params: (t) => ({ id: t.activityId }),
    multipart: () => ({ fields: {}, file: { name: 'bien-ban.pdf', data: Buffer.from('not a pdf') } }),
    note: 'the bytes are not a PDF: 415 once past the check',
  },
  'GET /api/activity-files/:id/download': {
    policy: 'planRead',
    target: 'unit',
    params: (t) => ({ id: t.activityFileId }),
  },
  'DELETE /api/activity-files/:id': {
    policy: 'planWrite',
    target: 'unit',
    fresh: async (t, tools) => ({ id: await tools.freshActivityFile(t) }),
  },
  'GET /api/units/:unitId/agencies': { policy: 'planRead', target: 'unit' },
  'POST /api/units/:unitId/agencies': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ kind: 'other', name: 'Cơ quan thử' }),
  },
  'PUT /api/units/:unitId/agencies/:agencyId': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ kind: 'other', name: 'Cơ quan thử' }),
  },
  'POST /api/units/:unitId/agencies/defaults': { policy: 'planWrite', target: 'unit' },
  'GET /api/units/:unitId/tasks': { policy: 'planRead', target: 'unit' },
  'GET /api/units/:unitId/plans': { policy: 'planRead', target: 'unit' },
  'GET /api/units/:unitId/plan-coverage': {
    policy: 'provinceRead',
    target: 'province',
    query: (t) => ({ year: String(t.year) }),
    note: "every commune's plan state: the province's roles, not its communes",
  },
  'GET /api/units/:unitId/plan-drafts/:parentPlanId': {
    policy: 'planRead',
    target: 'commune',
    note: "a commune drafts from its province's plan",
  },
  'POST /api/units/:unitId/plans': { policy: 'planWrite', target: 'unit', body: planBody },
  'GET /api/units/:unitId/plans/:planId': { policy: 'planRead', target: 'unit' },
  'PUT /api/units/:unitId/plans/:planId': { policy: 'planWrite', target: 'unit', body: planBody },
  'POST /api/units/:unitId/plans/:planId/issue': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ number: ' ', issuedOn: `${YEAR}-01-10` }),
    note: 'a blank number: 400 once past the check',
  },
  'GET /api/units/:unitId/plans/:planId/plan.:format': {
    policy: 'planRead',
    target: 'unit',
    params: () => ({ format: 'docx' }),
  },
  'PATCH /api/plans/:planId/sent': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ sentOn: `${YEAR}-01-20` }),
    hidesExistence: true,
    note: "the plan's own unit decides; a plan the caller may not read is 404; a draft: 409 once past the check",
  },
  'GET /api/plans/:planId/decision.:format': {
    policy: 'planRead',
    target: 'unit',
    params: () => ({ format: 'docx' }),
    note: "the plan's own unit decides who reads its decision, as for the plan",
  },
  'GET /api/units/:unitId/tasks/:taskId/progress': { policy: 'planRead', target: 'unit' },
  'POST /api/units/:unitId/tasks/:taskId/progress': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ notedOn: `${YEAR}-02-01`, progress: 10, note: 'Đang làm' }),
  },
  'PUT /api/units/:unitId/tasks/:taskId/status': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ status: 'in_progress' }),
  },

  // --- statistics export ---
  'GET /api/units/:unitId/statistics': { policy: 'statisticsExport', target: 'unit' },
  'GET /api/units/:unitId/statistics.xlsx': { policy: 'statisticsExport', target: 'unit' },
  'GET /api/units/:unitId/statistics.csv': { policy: 'statisticsExport', target: 'unit' },
  // --- reports ---
  'GET /api/units/:unitId/reports': { policy: 'planRead', target: 'unit', query: (t) => ({ year: String(t.year) }) },
  'GET /api/units/:unitId/reports/:year/:kind': { policy: 'planRead', target: 'unit' },
  'PUT /api/units/:unitId/reports/:year/:kind': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ narrative: { results: 'Kết quả', difficulties: '', proposals: '' }, revision: 0 }),
  },
  'POST /api/units/:unitId/reports/:year/:kind/submit': {
    policy: 'planWrite',
    target: 'unit',
    body: () => ({ key: 'authz-matrix' }),
  },
  'GET /api/units/:unitId/reports/:year/:kind/report.docx': { policy: 'planRead', target: 'unit' },
  'GET /api/units/:unitId/reports/:year/:kind/consolidated': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    note: "the province's own consolidated report: its official only",
  },
  'GET /api/units/:unitId/reports/:year/:kind/consolidated.docx': { policy: 'provinceOfficialOwn', target: 'province' },
  'GET /api/units/:unitId/reports/:year/:kind/consolidated.xlsx': { policy: 'provinceOfficialOwn', target: 'province' },
  'GET /api/units/:unitId/forum-reports': {
    policy: 'planRead',
    target: 'unit',
    query: (t) => ({ year: String(t.year) }),
  },
  'GET /api/units/:unitId/forum-reports/:forumId': { policy: 'planRead', target: 'commune' },
  'PUT /api/units/:unitId/forum-reports/:forumId': {
    policy: 'planWrite',
    target: 'commune',
    body: () => ({ narrative: { results: 'Kết quả', difficulties: '', proposals: '' }, revision: 0 }),
  },
  'POST /api/units/:unitId/forum-reports/:forumId/submit': {
    policy: 'planWrite',
    target: 'commune',
    body: () => ({ key: 'authz-matrix' }),
  },
  'GET /api/units/:unitId/forum-reports/:forumId/report.docx': { policy: 'planRead', target: 'commune' },
  'GET /api/units/:unitId/report-forms/:kind': { policy: 'planRead', target: 'unit' },
  'POST /api/units/:unitId/report-forms/:kind': {
    policy: 'provinceOfficialOwn',
    target: 'province',
    body: () => ({
      title: { vi: 'Mẫu của tỉnh', en: 'Province form' },
      basis: '',
      tables: [{ id: 'drowning', title: { vi: 'Đuối nước', en: 'Drowning' }, rows: [{ statistic: 'drowning.total' }] }],
    }),
  },
};
