// The record of processing (Nghị định 13/2023/NĐ-CP): built from the code's own data — the retention
// settings in force, the roles and what each role sees of a child — so that it cannot drift from the product.
import { POLICY, type FieldGroup, type RegisterRole } from './policy.ts';
import { CHILD_ERASURE, RETENTION_DEFAULTS, type RetentionKey, type RetentionUnit } from './retention.ts';

export interface Text2 {
  vi: string;
  en: string;
}

export interface RecordSetting {
  key: RetentionKey;
  value: number;
  unit: RetentionUnit;
  defaultValue: number;
  legalBasis: Text2;
}

/** Every role of the product, the register access it gives, and what it is for. */
export const ROLE_RECIPIENTS: ReadonlyArray<{
  role: string;
  register: RegisterRole | null;
  scope: 'commune' | 'village' | 'province' | 'nation' | 'system';
  purpose: Text2;
}> = [
  {
    role: 'commune_chairman',
    register: 'chairman',
    scope: 'commune',
    purpose: {
      vi: 'Chủ tịch UBND xã: người đại diện bên kiểm soát dữ liệu; xem toàn bộ hồ sơ, kể cả vụ việc nhạy cảm; phê duyệt kế hoạch can thiệp; xuất và xoá dữ liệu theo yêu cầu',
      en: 'Commune chairman: represents the controller; sees whole records including sensitive cases; approves intervention plans; exports and erases on request',
    },
  },
  {
    role: 'commune_officer',
    register: 'officer',
    scope: 'commune',
    purpose: {
      vi: 'Công chức văn hoá – xã hội: lập và cập nhật sổ theo dõi; hoàn cảnh và vụ việc nhạy cảm chỉ khi được Chủ tịch giao xử lý vụ việc của trẻ',
      en: 'Commune officer: keeps the register; sensitive circumstances and cases only when the chairman assigned them a case of the child',
    },
  },
  {
    role: 'collaborator',
    register: 'collaborator',
    scope: 'village',
    purpose: {
      vi: 'Cộng tác viên thôn: cập nhật trẻ em của thôn mình; không xem hỗ trợ, vụ việc hay hoàn cảnh nhạy cảm',
      en: 'Village collaborator: updates the children of their village; no supports, cases or sensitive circumstances',
    },
  },
  {
    role: 'province_official',
    register: null,
    scope: 'province',
    purpose: {
      vi: 'Cán bộ tỉnh: chỉ số liệu tổng hợp, không thấy danh tính trẻ em',
      en: 'Province official: aggregate counts only, never a child’s identity',
    },
  },
  {
    role: 'appraiser',
    register: null,
    scope: 'province',
    purpose: {
      vi: 'Thẩm định: hồ sơ đánh giá của xã, số liệu tổng hợp',
      en: 'Appraiser: the commune’s assessment dossier and aggregate counts',
    },
  },
  {
    role: 'sector_reviewer',
    register: null,
    scope: 'province',
    purpose: {
      vi: 'Ngành chuyên môn: ý kiến về tiêu chí của ngành, số liệu tổng hợp',
      en: 'Sector reviewer: opinions on their sector’s criteria, aggregate counts',
    },
  },
  {
    role: 'signer',
    register: null,
    scope: 'province',
    purpose: {
      vi: 'Người ký quyết định công nhận: kết quả, số liệu tổng hợp',
      en: 'Signer of recognition decisions: results and aggregate counts',
    },
  },
  {
    role: 'ministry_official',
    register: null,
    scope: 'nation',
    purpose: {
      vi: 'Cán bộ Bộ Y tế (Cục Bà mẹ và Trẻ em): theo dõi toàn quốc qua số liệu tổng hợp của mọi tỉnh, xã (số nhỏ bị ẩn); ban hành bộ tiêu chí, phiếu khảo sát và danh mục nhóm con dùng chung; không thấy danh tính trẻ em',
      en: 'Ministry of Health official (Maternal and Child Health Department): follows the nation through the aggregates of every province and commune (small counts suppressed); keeps the national rule sets, questionnaires and sub-group list; never a child’s identity',
    },
  },
  {
    role: 'system_admin',
    register: null,
    scope: 'system',
    purpose: {
      vi: 'Quản trị hệ thống: tài khoản, thời hạn lưu trữ, xoá tài khoản, ngày nghỉ, kỳ đánh giá, ranh giới bản đồ, sao lưu; không sửa số liệu của xã, tỉnh và không xem hồ sơ trẻ em',
      en: 'System administrator: accounts, retention settings, account erasure, holidays, periods, map boundaries, backups; never changes a commune’s or province’s data, never a child’s record',
    },
  },
];

export interface ProcessingRecord {
  controller: Text2;
  legalBases: Text2[];
  purposes: Text2[];
  subjects: Text2[];
  categories: Array<{ key: string; sensitive: boolean; text: Text2; tables: string[] }>;
  /** `fieldGroups`: what the role sees of a child in its area; `whenAssigned`: what a case assignment by the chairman adds. */
  recipients: Array<{
    role: string;
    scope: string;
    fieldGroups: FieldGroup[];
    whenAssigned: FieldGroup[];
    purpose: Text2;
  }>;
  transfers: Text2;
  retention: Array<
    RecordSetting | { key: 'audit_log'; value: null; unit: null; defaultValue: null; legalBasis: Text2 }
  >;
  erasure: typeof CHILD_ERASURE;
  security: Text2 & { link: string };
  rights: Text2[];
}

const t = (vi: string, en: string): Text2 => ({ vi, en });

/** The record as it stands: `settings` are the retention rules in force (defaults when absent). */
export function processingRecord(settings: readonly RecordSetting[]): ProcessingRecord {
  const byKey = new Map(settings.map((s) => [s.key, s]));
  return {
    controller: t(
      'Ủy ban nhân dân cấp xã (xã, phường, đặc khu) đối với sổ theo dõi trẻ em của xã; Sở Y tế (cơ quan được UBND tỉnh giao) đối với hồ sơ đánh giá, công nhận; đơn vị vận hành hệ thống là bên xử lý dữ liệu.',
      'The commune People’s Committee for its child register; the provincial Department of Health (as assigned by the province) for assessment and recognition dossiers; the operator of the system is the processor.',
    ),
    legalBases: [
      t(
        'Thực hiện nhiệm vụ theo luật của cơ quan nhà nước, không cần sự đồng ý (Nghị định 13/2023/NĐ-CP, Điều 17; Luật Bảo vệ dữ liệu cá nhân 2025).',
        'Tasks of public authorities set by law, without consent (Decree 13/2023/ND-CP, Art. 17; Personal Data Protection Law 2025).',
      ),
      t(
        'Luật Trẻ em 2016; Nghị định 56/2017/NĐ-CP; Quyết định 06/QĐ-TTg về xã, phường phù hợp với trẻ em.',
        'Law on Children 2016; Decree 56/2017/ND-CP; Decision 06/QD-TTg on child-friendly communes.',
      ),
      t(
        'Dữ liệu trẻ em: xử lý vì lợi ích tốt nhất của trẻ (Nghị định 13/2023/NĐ-CP, Điều 20).',
        "Children's data: processed in the child's best interests (Decree 13/2023/ND-CP, Art. 20).",
      ),
    ],
    purposes: [
      t(
        'Theo dõi trẻ em, trẻ em có hoàn cảnh đặc biệt và các vụ việc xâm hại để bảo vệ, hỗ trợ kịp thời.',
        'Following children, children in special circumstances and abuse cases, to protect and support them in time.',
      ),
      t(
        'Tính số liệu các tiêu chí đánh giá xã phù hợp với trẻ em (chỉ số tổng hợp).',
        'Counting the inputs of the child-friendly commune criteria (aggregate figures only).',
      ),
      t(
        'Đánh giá, thẩm định, công nhận và kiểm tra lại; khảo sát ý kiến ẩn danh; quản lý tài khoản và nhật ký kiểm toán.',
        'Assessment, appraisal, recognition and re-checks; anonymous surveys; accounts and the audit log.',
      ),
    ],
    subjects: [
      t('Trẻ em dưới 16 tuổi cư trú trên địa bàn xã.', 'Children under 16 living in the commune.'),
      t('Người giám hộ, chủ hộ của trẻ em.', 'Guardians and heads of the children’s households.'),
      t('Cán bộ, công chức, cộng tác viên có tài khoản.', 'Officials and collaborators holding accounts.'),
      t(
        'Người dân góp ý công khai và trả lời khảo sát (không lưu danh tính).',
        'Members of the public commenting or answering surveys (no identity kept).',
      ),
    ],
    categories: [
      {
        key: 'child_identity',
        sensitive: true,
        tables: ['child', 'household', 'village'],
        text: t(
          'Trẻ em: họ tên, ngày sinh, giới tính, số định danh, người giám hộ, hộ, thôn, địa chỉ (dữ liệu của trẻ em).',
          "Children: name, date of birth, sex, ID number, guardian, household, village, address (children's data).",
        ),
      },
      {
        key: 'child_health',
        sensitive: true,
        tables: ['child_health_record', 'child'],
        text: t(
          'Sức khỏe: cân đo, khám định kỳ, tiêm chủng, khuyết tật (dữ liệu nhạy cảm).',
          'Health: growth, periodic checks, immunisation, disability (sensitive data).',
        ),
      },
      {
        key: 'child_circumstances',
        sensitive: true,
        tables: ['child_circumstance', 'child_support'],
        text: t(
          'Hoàn cảnh đặc biệt và hỗ trợ đã nhận (một số nhóm là dữ liệu nhạy cảm).',
          'Special circumstances and support received (some groups are sensitive).',
        ),
      },
      {
        key: 'protection_cases',
        sensitive: true,
        tables: ['protection_case'],
        text: t(
          'Vụ việc xâm hại, bỏ rơi, mua bán, vi phạm pháp luật (dữ liệu nhạy cảm; chỉ Chủ tịch và người được Chủ tịch giao xử lý xem).',
          'Abuse, abandonment, trafficking and offending cases (sensitive; only the chairman and the worker the chairman assigned see them).',
        ),
      },
      {
        key: 'access_log',
        sensitive: false,
        tables: ['child_access_log'],
        text: t(
          'Nhật ký ai đã xem hồ sơ trẻ em nào, khi nào, phần nào.',
          'Log of who read which child’s record, when, which parts.',
        ),
      },
      {
        key: 'accounts',
        sensitive: false,
        tables: ['app_user', 'user_role', 'session', 'notification'],
        text: t(
          'Tài khoản: tên đăng nhập, họ tên, thư điện tử, vai trò, phiên đăng nhập, thông báo.',
          'Accounts: username, full name, e-mail, roles, sessions, notifications.',
        ),
      },
      {
        key: 'audit_log',
        sensitive: false,
        tables: ['audit_log'],
        text: t(
          'Nhật ký kiểm toán: ai làm gì, khi nào, với mã bản ghi và tên trường (không ghi danh tính trẻ em).',
          'Audit log: who did what and when, with record ids and field names (never a child’s identity).',
        ),
      },
      {
        key: 'public_input',
        sensitive: false,
        tables: ['public_comment', 'survey_response', 'survey_response_held', 'survey_code_failure'],
        text: t(
          'Góp ý công khai và câu trả lời khảo sát: không có họ tên; chỉ mã băm địa chỉ để chống gửi tràn.',
          'Public comments and survey answers: no names; only a keyed hash of the address against flooding.',
        ),
      },
      {
        key: 'evidence',
        sensitive: false,
        tables: ['evidence_file'],
        text: t(
          'Tệp minh chứng của hồ sơ đánh giá (không được chứa danh tính trẻ em).',
          'Evidence files of assessment dossiers (must not hold children’s identities).',
        ),
      },
    ],
    recipients: ROLE_RECIPIENTS.map((r) => {
      const base = r.register ? [...(POLICY[r.register].commune ?? POLICY[r.register].village ?? [])] : [];
      const assigned = r.register ? (POLICY[r.register].assigned ?? []).filter((g) => !base.includes(g)) : [];
      return { role: r.role, scope: r.scope, fieldGroups: base, whenAssigned: assigned, purpose: r.purpose };
    }),
    transfers: t(
      'Không chuyển dữ liệu ra nước ngoài; dữ liệu lưu trên máy chủ đặt tại Việt Nam; không dùng dịch vụ bên ngoài khi chạy.',
      'No transfer abroad; data stays on servers in Viet Nam; no outside service is called at run time.',
    ),
    retention: [
      ...RETENTION_DEFAULTS.map(
        (d): RecordSetting =>
          byKey.get(d.key) ?? {
            key: d.key,
            value: d.value,
            unit: d.unit,
            defaultValue: d.value,
            legalBasis: d.legalBasis,
          },
      ),
      {
        key: 'audit_log',
        value: null,
        unit: null,
        defaultValue: null,
        legalBasis: t(
          'Nhật ký kiểm toán chỉ ghi thêm, nối chuỗi băm, giữ lâu dài; không chứa danh tính trẻ em nên không phải xoá.',
          'The audit log is append-only and hash-chained, kept permanently; it holds no child identity, so nothing in it needs erasing.',
        ),
      },
    ],
    erasure: CHILD_ERASURE,
    security: {
      ...t(
        'Phân quyền theo vai trò và địa bàn, ghi nhật ký mọi lần xem hồ sơ trẻ em, mật khẩu argon2id, phiên hết hạn, nhật ký kiểm toán nối chuỗi băm, sao lưu.',
        'Role- and area-scoped access, a log of every read of a child’s record, argon2id passwords, expiring sessions, a hash-chained audit log, backups.',
      ),
      link: 'docs/security.md',
    },
    rights: [
      t(
        'Xem và nhận bản sao dữ liệu của trẻ: người giám hộ gửi yêu cầu bằng văn bản tới UBND xã; Chủ tịch UBND xã xuất bản sao (JSON và Excel), việc xuất được ghi nhật ký (Nghị định 13/2023/NĐ-CP, Điều 14).',
        'Access and a copy of a child’s data: the guardian asks the commune in writing; the chairman exports it (JSON and Excel), and the export is logged (Decree 13/2023/ND-CP, Art. 14).',
      ),
      t(
        'Xoá dữ liệu của trẻ: Chủ tịch UBND xã thực hiện; bị từ chối khi còn vụ việc đang mở hoặc chưa hết thời hạn lưu hồ sơ vụ việc; xoá là thay danh tính bằng bản ghi ẩn danh và ghi sổ xoá (Điều 16).',
        "Erasure of a child's data: done by the chairman; refused while a case is open or within the case-file retention period; erasure replaces the identity by a tombstone and is logged (Art. 16).",
      ),
      t(
        'Chủ tài khoản tải dữ liệu tài khoản của mình; xoá tài khoản do quản trị hệ thống thực hiện theo yêu cầu (vô hiệu hoá, ẩn danh hồ sơ, kết thúc phiên).',
        'Account holders download their own account data; the system administrator erases an account on request (disabled, profile anonymised, sessions ended).',
      ),
      t(
        'Thời hạn trả lời yêu cầu: 72 giờ kể từ khi nhận yêu cầu hợp lệ (Nghị định 13/2023/NĐ-CP).',
        'Time to answer a request: 72 hours from a valid request (Decree 13/2023/ND-CP).',
      ),
    ],
  };
}
