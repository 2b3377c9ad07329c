// The questionnaires the product ships (version 1 of each); officials edit the wording, and an edit
// after responses arrived makes a new version.
import type { Questionnaire } from '../questionnaire.ts';

export const PRESET_QUESTIONNAIRES: Questionnaire[] = [
  {
    code: 'tre-em',
    version: 1,
    audience: 'children',
    title: { vi: 'Phiếu hỏi ý kiến trẻ em', en: 'Children’s questionnaire' },
    intro: {
      vi: 'Em hãy chọn khuôn mặt giống với cảm nhận của em. Phiếu không hỏi tên em.',
      en: 'Choose the face that matches how you feel. We do not ask your name.',
    },
    ageBands: ['7-10', '11-15'],
    questions: [
      {
        code: 'SAFE',
        text: {
          vi: 'Em thấy an toàn khi ở nhà, ở trường và ở xã mình không?',
          en: 'Do you feel safe at home, at school and in your commune?',
        },
        scale: 'faces3',
        required: true,
      },
      {
        code: 'PLAY',
        text: {
          vi: 'Em có chỗ vui chơi, đọc sách, chơi thể thao không?',
          en: 'Do you have places to play, read and do sports?',
        },
        scale: 'faces3',
        required: true,
      },
      {
        code: 'HEALTH',
        text: { vi: 'Khi em ốm, em có được đưa đi khám không?', en: 'When you are ill, are you taken to a doctor?' },
        scale: 'faces3',
        required: true,
      },
      {
        code: 'HEARD',
        text: {
          vi: 'Người lớn ở xã có lắng nghe ý kiến của em không?',
          en: 'Do adults in your commune listen to you?',
        },
        scale: 'faces3',
        required: true,
      },
      {
        code: 'OVERALL',
        text: {
          vi: 'Nói chung, em có vui khi sống ở xã mình không?',
          en: 'Overall, are you happy living in your commune?',
        },
        scale: 'faces3',
        required: true,
      },
    ],
    satisfaction: { questions: ['OVERALL'], satisfied: { OVERALL: [3] }, atLeast: 1 },
  },
  {
    code: 'nguoi-dan',
    version: 1,
    audience: 'residents',
    title: {
      vi: 'Phiếu khảo sát sự hài lòng của người dân về thực hiện quyền trẻ em',
      en: 'Residents’ satisfaction with how children’s rights are realised',
    },
    intro: {
      vi: 'Xin ông/bà cho biết mức độ hài lòng. Phiếu không hỏi tên và không ghi thông tin liên lạc.',
      en: 'Please tell us how satisfied you are. We do not ask your name or contact details.',
    },
    ageBands: [],
    questions: [
      {
        code: 'SAFETY',
        text: {
          vi: 'Trẻ em trên địa bàn được bảo vệ an toàn, phòng chống xâm hại, tai nạn thương tích',
          en: 'Children are kept safe from abuse, accidents and injuries',
        },
        scale: 'likert5',
        required: true,
      },
      {
        code: 'SERVICES',
        text: {
          vi: 'Trẻ em được khai sinh, tiêm chủng, khám sức khỏe, đi học đầy đủ',
          en: 'Children are registered, immunised, checked and at school',
        },
        scale: 'likert5',
        required: true,
      },
      {
        code: 'PLACES',
        text: {
          vi: 'Có điểm vui chơi, văn hóa, thể thao cho trẻ em',
          en: 'There are places for children to play, for culture and sport',
        },
        scale: 'likert5',
        required: true,
      },
      {
        code: 'VOICE',
        text: { vi: 'Ý kiến của trẻ em được lắng nghe và trả lời', en: 'Children’s views are heard and answered' },
        scale: 'likert5',
        required: true,
      },
      {
        code: 'OVERALL',
        text: {
          vi: 'Nhìn chung, ông/bà hài lòng với việc thực hiện quyền trẻ em ở xã',
          en: 'Overall, you are satisfied with how children’s rights are realised in the commune',
        },
        scale: 'likert5',
        required: true,
      },
    ],
    satisfaction: { questions: ['OVERALL'], satisfied: { OVERALL: [4, 5] }, atLeast: 1 },
  },
];
