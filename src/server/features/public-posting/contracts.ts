// What the public portal (no account) and the commune's moderation answer. The portal publishes counts of
// communes and scores only, never anything about a child; a field not listed here never leaves the server.
import { z } from 'zod';

const LocalText = z.object({ vi: z.string(), en: z.string() });
const Day = z.string();

export const PublicCriterionBody = z
  .object({
    code: z.string(),
    title: LocalText.nullable(),
    points: z.number(),
    max: z.number(),
    provisional: z.boolean(),
  })
  .meta({ id: 'PublicCriterion' });

export const PublicScoreBody = z
  .object({
    /** 'submission': the latest dossier sent to the province; 'self_assessment': the assessment as posted. */
    source: z.enum(['submission', 'self_assessment']),
    total: z.number(),
    maxTotal: z.number().nullable(),
    threshold: z.number().nullable(),
    /** Whether the score as computed meets the standard (not the official recognition). */
    recognized: z.boolean(),
    complete: z.boolean(),
    provisional: z.boolean(),
    criteria: z.array(PublicCriterionBody),
  })
  .meta({ id: 'PublicScore' });

export const PublicCommentBody = z
  .object({ body: z.string(), createdAt: z.string(), answer: z.string().nullable(), answeredAt: z.string().nullable() })
  .meta({ id: 'PublicComment' });

const PostingBody = z.object({ from: Day.nullable(), to: Day.nullable(), commentsOpen: z.boolean() });

export const PublicEntryBody = z
  .object({
    entryId: z.number().int(),
    state: z.string(),
    round: z.object({ id: z.number().int(), title: z.string(), year: z.number().int() }),
    posting: PostingBody,
    score: PublicScoreBody.nullable(),
    recognition: z.object({ decisionNumber: z.string(), signedOn: Day.nullable() }).nullable(),
    comments: z.array(PublicCommentBody),
  })
  .meta({ id: 'PublicEntry' });

export const PublicCommuneBody = z
  .object({
    commune: z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      current: z.boolean(),
      provinceCode: z.string().nullable(),
      provinceName: z.string().nullable(),
    }),
    today: Day,
    entries: z.array(PublicEntryBody),
  })
  .meta({ id: 'PublicCommune' });

export const RecognizedRowBody = z
  .object({
    communeCode: z.string(),
    communeName: z.string(),
    communeKind: z.string(),
    provinceCode: z.string(),
    provinceName: z.string(),
    year: z.number().int(),
    roundTitle: z.string(),
    total: z.number().nullable(),
    decisionNumber: z.string().nullable(),
    decisionSignedOn: Day.nullable(),
  })
  .meta({ id: 'RecognizedCommune' });
export const RecognizedListBody = z.object({ items: z.array(RecognizedRowBody) }).meta({ id: 'RecognizedCommunes' });

export const PublicProvinceListBody = z
  .object({
    years: z.array(z.number().int()),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        communes: z.number().int(),
        /** Per year: whether the province ran a round, how many communes were recognised, and their share. */
        years: z.array(
          z.object({
            year: z.number().int(),
            round: z.boolean(),
            recognized: z.number().int(),
            share: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PublicProvinceList' });

export const PublicProvincePageBody = z
  .object({
    province: z.object({ code: z.string(), name: z.string(), communes: z.number().int() }),
    years: z.array(z.number().int()),
    year: z.number().int().nullable(),
    today: Day,
    round: z.object({ id: z.number().int(), title: z.string(), year: z.number().int() }).nullable(),
    recognized: z.array(
      z.object({
        communeCode: z.string(),
        communeName: z.string(),
        total: z.number().nullable(),
        /** The signer by office only: the portal publishes no personal names. */
        decision: z
          .object({ number: z.string(), signedOn: Day.nullable(), signerTitle: z.string().nullable() })
          .nullable(),
      }),
    ),
    postings: z.array(
      z.object({
        entryId: z.number().int(),
        communeCode: z.string(),
        communeName: z.string(),
        state: z.string(),
        total: z.number().nullable(),
        posting: PostingBody,
        comments: z.array(PublicCommentBody),
      }),
    ),
    surveys: z.array(z.object({ communeCode: z.string(), communeName: z.string(), audiences: z.array(z.string()) })),
  })
  .meta({ id: 'PublicProvincePage' });

const CommentStatus = z.enum(['pending', 'published', 'hidden']);

/** A comment just left: it waits for the commune's moderation. */
export const CommentReceivedBody = z
  .object({ id: z.number().int(), entryId: z.number().int(), status: CommentStatus, createdAt: z.string() })
  .meta({ id: 'CommentReceived' });

export const ModeratedCommentBody = z
  .object({
    id: z.number().int(),
    entryId: z.number().int(),
    body: z.string(),
    status: CommentStatus,
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answeredByName: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ModeratedComment' });
export const ModeratedCommentListBody = z
  .object({ items: z.array(ModeratedCommentBody) })
  .meta({ id: 'ModeratedCommentList' });

export type PublicCriterion = z.infer<typeof PublicCriterionBody>;
export type PublicScore = z.infer<typeof PublicScoreBody>;
export type PublicComment = z.infer<typeof PublicCommentBody>;
export type PublicEntry = z.infer<typeof PublicEntryBody>;
export type PublicCommune = z.infer<typeof PublicCommuneBody>;
export type RecognizedRow = z.infer<typeof RecognizedRowBody>;
export type PublicProvinceList = z.infer<typeof PublicProvinceListBody>;
export type PublicProvincePage = z.infer<typeof PublicProvincePageBody>;
export type CommentReceived = z.infer<typeof CommentReceivedBody>;
export type ModeratedComment = z.infer<typeof ModeratedCommentBody>;
