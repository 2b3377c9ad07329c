// The answer scales and audiences of satisfaction questionnaires, without the schemas: the public survey page
// needs only these, and loading zod for them would cost a respondent on a slow line 23 KB (questionnaire.ts
// re-exports them with the schemas).

/** Answer scales: the values an answer may take, lowest first, each with its label and picture. */
export const SCALES = {
  faces3: [
    { value: 1, face: '☹️', label: { vi: 'Không vui', en: 'Unhappy' } },
    { value: 2, face: '😐', label: { vi: 'Bình thường', en: 'So-so' } },
    { value: 3, face: '😊', label: { vi: 'Vui', en: 'Happy' } },
  ],
  likert5: [
    { value: 1, face: '', label: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' } },
    { value: 2, face: '', label: { vi: 'Không hài lòng', en: 'Dissatisfied' } },
    { value: 3, face: '', label: { vi: 'Bình thường', en: 'Neutral' } },
    { value: 4, face: '', label: { vi: 'Hài lòng', en: 'Satisfied' } },
    { value: 5, face: '', label: { vi: 'Rất hài lòng', en: 'Very satisfied' } },
  ],
  yesno: [
    { value: 0, face: '', label: { vi: 'Không', en: 'No' } },
    { value: 1, face: '', label: { vi: 'Có', en: 'Yes' } },
  ],
} as const;
export type ScaleCode = keyof typeof SCALES;
export const scaleValues = (scale: ScaleCode): number[] => SCALES[scale].map((s) => s.value);

export const AUDIENCES = ['children', 'residents'] as const;
export type Audience = (typeof AUDIENCES)[number];
