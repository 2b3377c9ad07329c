// What the public portal (no account) and the commune's moderation answer. The portal publishes counts of
// communes and scores only, never anything about a child; a field not listed here never leaves the server.
import { z } from 'zod';

const LocalText = z.object({ vi: z.string(), en: z.string() });
const Day = z.string();

/**
 * One figure the commune entered, as it entered it, under its label: a count, a yes/no, or nothing yet. A
 * sensitive count small enough to point at a child is withheld (value null, suppressed true), as everywhere
 * the public reads a commune's figures (src/core/privacy/disclosure.ts). No code, source note or name leaves.
 */
export const PublicFigureBody = z
  .object({
    label: LocalText.nullable(),
    kind: z.enum(['count', 'flag']),
    value: z.union([z.number(), z.boolean()]).nullable(),
    suppressed: z.boolean(),
  })
  .meta({ id: 'PublicFigure' });

export const PublicItemBody = z
  .object({
    title: LocalText.nullable(),
    points: z.number(),
    max: z.number(),
    provisional: z.boolean(),
    /** Nothing entered yet for this item: it has no score, not a failed one. */
    noData: z.boolean(),
    /** The rate the points were read from, in its scale (100: %, 1000: ‰, 100000: per 100,000); null for a count, a flag, or a withheld figure. */
    rate: z.object({ value: z.number(), scale: z.number().int() }).nullable(),
    figures: z.array(PublicFigureBody),
  })
  .meta({ id: 'PublicItem' });

export const PublicCriterionBody = z
  .object({
    code: z.string(),
    title: LocalText.nullable(),
    points: z.number(),
    max: z.number(),
    provisional: z.boolean(),
    /** Nothing entered yet for any of its items: "no data yet", never "0 points (điểm liệt)". */
    noData: z.boolean(),
    items: z.array(PublicItemBody),
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

export type PublicFigure = z.infer<typeof PublicFigureBody>;
export type PublicItem = z.infer<typeof PublicItemBody>;
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
