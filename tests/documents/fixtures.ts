// Sample documents for the documents tests (and for looking at the output by hand).
import type {
  RecognitionDecision,
  SelfAssessmentMinutes,
  SignatureBlock,
} from '../../src/server/features/documents/index.ts';
import { recognitionBases } from '../../src/server/features/documents/legal-bases.ts';

/** A Vice-Chairman signing for the Chairman, whose own decision recognition is. */
export const provinceSigner: SignatureBlock = {
  authority: '',
  capacity: 'KT. CHỦ TỊCH',
  title: 'PHÓ CHỦ TỊCH',
  name: 'Nguyễn Thị Hương Giang',
};

export function sampleDecision(): RecognitionDecision {
  return {
    header: {
      issuingBody: 'Ủy ban nhân dân tỉnh Thái Nguyên',
      number: '125/QĐ-UBND',
      place: 'Thái Nguyên',
      date: '2026-11-25',
    },
    year: 2026,
    authorityLine: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
    bases: recognitionBases('2026-11-25'),
    proposal: 'Theo đề nghị của Giám đốc Sở Y tế tại Tờ trình số 214/TTr-SYT ngày 18 tháng 11 năm 2026;',
    communes: [
      { name: 'Xã Đồng Hỷ', code: '05692', categoryLabel: 'Xã loại I', total: 912.5, threshold: 800 },
      { name: 'Phường Phổ Yên', code: '05860', categoryLabel: 'Phường', total: 1050, threshold: 850 },
      { name: 'Xã Võ Nhai', code: '05716', categoryLabel: 'Xã loại II', total: 835.25, threshold: 800 },
    ],
    executors:
      'Chánh Văn phòng UBND tỉnh, Giám đốc Sở Y tế, Thủ trưởng các sở, ngành có liên quan và Chủ tịch UBND các xã, phường có tên tại Điều 1',
    recipients: [
      'Như Điều 3',
      'Bộ Y tế (b/c)',
      '- TT Tỉnh ủy, TT HĐND tỉnh (b/c);',
      'Chủ tịch, các PCT UBND tỉnh',
      'Lưu: VT, KGVX',
    ],
    signature: provinceSigner,
  };
}

const DISADVANTAGED = 'Xã miền núi, hải đảo, đặc biệt khó khăn';
const OTHER = 'Xã, phường còn lại';

/** A decision as a province issues it: six communes of Thái Nguyên (codes of the 2025 list), the preset's categories. */
export function provinceDecision(): RecognitionDecision {
  return {
    ...sampleDecision(),
    header: {
      issuingBody: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
      number: '2150/QĐ-UBND',
      place: 'Thái Nguyên',
      date: '2026-11-20',
    },
    proposal:
      'Theo đề nghị của Giám đốc Sở Y tế tỉnh Thái Nguyên tại Tờ trình số 1875/TTr-SYT ngày 12 tháng 11 năm 2026',
    communes: [
      { name: 'Phường Phan Đình Phùng', code: '05443', categoryLabel: OTHER, total: 905, threshold: 850 },
      { name: 'Xã An Khánh', code: '05809', categoryLabel: OTHER, total: 872.5, threshold: 850 },
      { name: 'Xã La Bằng', code: '05818', categoryLabel: DISADVANTAGED, total: 815, threshold: 800 },
      { name: 'Xã Phú Xuyên', code: '05773', categoryLabel: DISADVANTAGED, total: 842, threshold: 800 },
      { name: 'Xã Quân Chu', code: '05851', categoryLabel: DISADVANTAGED, total: 970, threshold: 800 },
      { name: 'Xã Tân Cương', code: '05503', categoryLabel: OTHER, total: 910, threshold: 850 },
    ],
    executors:
      'Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Y tế, Thủ trưởng các sở, ngành có liên quan và Chủ tịch Ủy ban nhân dân các xã, phường có tên tại Điều 1',
    recipients: [
      'Như Điều 3',
      'Bộ Y tế (Cục Bà mẹ và Trẻ em)',
      'Thường trực Tỉnh ủy, Thường trực HĐND tỉnh (b/c)',
      'Chủ tịch, các Phó Chủ tịch UBND tỉnh',
      'Lưu: VT, KGVX',
    ],
    signature: { authority: '', capacity: 'CHỦ TỊCH', title: '', name: 'Nguyễn Văn Quang' },
  };
}

export function sampleMinutes(overrides: Partial<SelfAssessmentMinutes> = {}): SelfAssessmentMinutes {
  return {
    header: {
      parentBody: 'UBND tỉnh Thái Nguyên',
      issuingBody: 'Ủy ban nhân dân xã Đồng Hỷ',
      number: '12/BB-UBND',
      place: 'Đồng Hỷ',
      date: '2026-10-20',
    },
    communeName: 'Xã Đồng Hỷ',
    provinceName: 'tỉnh Thái Nguyên',
    year: 2026,
    meeting: {
      date: '2026-10-20T14:00',
      place: 'Hội trường Ủy ban nhân dân xã Đồng Hỷ',
      summary:
        'Đồng chí Chủ tịch Hội đồng quán triệt mục đích, yêu cầu của việc tự đánh giá; Thư ký Hội đồng báo cáo kết quả thu thập số liệu, minh chứng của từng tiêu chí.\nCác thành viên Hội đồng thảo luận, cho ý kiến về từng chỉ tiêu và biểu quyết thống nhất kết quả chấm điểm.',
    },
    council: [
      { name: 'Trần Văn Bình', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
      { name: 'Lê Thị Mai', position: 'Phó Chủ tịch UBND xã', role: 'Phó Chủ tịch Hội đồng' },
      { name: 'Hoàng Đức Thắng', position: 'Trưởng Trạm Y tế xã', role: 'Thành viên' },
      { name: 'Phạm Thu Hà', position: 'Công chức Văn hóa - Xã hội', role: 'Thư ký Hội đồng' },
    ],
    ruleSetTitle: 'Bộ tiêu chí xã, phường, thị trấn phù hợp với trẻ em (QĐ 06/QĐ-TTg ngày 03/01/2019)',
    criteria: [
      {
        code: 'TC1',
        title: 'Bảo đảm quyền của trẻ em được chăm sóc sức khỏe',
        max: 300,
        points: 275.5,
        provisional: false,
        items: [
          {
            code: '1.1',
            title: 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin',
            explanation: 'Báo cáo của Trạm Y tế xã năm 2026: đạt 98,6%.',
            points: 100,
            max: 100,
            provisional: false,
          },
          {
            code: '1.2',
            title: 'Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi',
            explanation: 'Số liệu cân đo tháng 6/2026; chờ xác nhận của Trung tâm Y tế khu vực.',
            points: 75.5,
            max: 100,
            provisional: true,
          },
          {
            code: '1.3',
            title: 'Trẻ em được khám sức khỏe định kỳ',
            explanation: 'Danh sách khám sức khỏe tại các trường mầm non, tiểu học, trung học cơ sở.',
            points: 100,
            max: 100,
            provisional: false,
          },
        ],
      },
      {
        code: 'TC2',
        title: 'Bảo đảm quyền của trẻ em được giáo dục, vui chơi, giải trí',
        max: 250,
        points: 210,
        provisional: true,
        items: [
          {
            code: '2.1',
            title: 'Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo',
            explanation: 'Trường Mầm non Đồng Hỷ: 100%.',
            points: 120,
            max: 120,
            provisional: false,
          },
          {
            code: '2.2',
            title: 'Xã có điểm vui chơi, giải trí cho trẻ em',
            explanation: 'Nhà văn hóa thôn Làng Mới đang hoàn thiện.',
            points: 90,
            max: 130,
            provisional: true,
          },
        ],
      },
    ],
    total: 485.5,
    threshold: 450,
    categoryLabel: 'Xã loại I',
    recognized: true,
    reasons: [],
    signature: { authority: 'TM. HỘI ĐỒNG', capacity: 'CHỦ TỊCH', title: '', name: 'Trần Văn Bình' },
    ...overrides,
  };
}
