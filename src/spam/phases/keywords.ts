// Keyword lists match as WordPress's do: case-insensitive, anywhere inside the content,
// name, website, email, IP or user agent ("press" matches "WordPress").
import type { PhaseInput } from './phase';

export function findKeyword(words: string[], comment: PhaseInput['comment']): string | undefined {
  const haystack = [
    comment.content,
    comment.author,
    comment.authorUrl,
    comment.email,
    comment.ip,
    comment.userAgent,
  ]
    .filter((value): value is string => Boolean(value))
    .join('\n')
    .toLowerCase();
  return words.find((word) => word.trim() !== '' && haystack.includes(word.trim().toLowerCase()));
}
