// Schemas every route shares at the edge. An id is a PostgreSQL integer: one above 2^31−1 is refused
// here with the field named, instead of failing in the database.
import { z } from 'zod';

export const MAX_ID = 2_147_483_647;

/** A row id in a path or query string ("12"), coerced to a number. */
export const Id = z.coerce.number().int().positive().max(MAX_ID);

/** A row id in a JSON body. */
export const BodyId = z.number().int().positive().max(MAX_ID);
