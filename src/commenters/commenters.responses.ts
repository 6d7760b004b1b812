// What the block and trust list routes answer, as zod schemas for the API reference; tied to
// src/shared/commenterLists.ts by sameShape().
import { z } from 'zod';
import { sameShape } from '../reference/operation';
import { COMMENTER_LISTS, ENTRY_KINDS, type ListEntries, type ListEntry } from '../shared/commenterLists';

export const entrySchema = z
  .object({
    id: z.string(),
    site: z.string(),
    list: z.enum(COMMENTER_LISTS),
    kind: z.enum(ENTRY_KINDS),
    value: z.string().meta({ description: 'The IP address or range; for an email, a masked form.' }),
    note: z.string().nullable(),
    addedBy: z.object({ id: z.string(), name: z.string() }),
    commentId: z.string().nullable().meta({ description: 'The comment the entry was made from, if any.' }),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    isExpired: z.boolean(),
  })
  .meta({ id: 'ListEntry' });

export const entryAnswerSchema = z.object({ entry: entrySchema });
export const entriesSchema = z.object({ entries: z.array(entrySchema) });

sameShape<z.output<typeof entrySchema>, ListEntry>();
sameShape<z.output<typeof entriesSchema>, ListEntries>();
