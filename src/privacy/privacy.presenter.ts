// A commenter's data as it leaves: to the admin who asked for it, for the commenter. This is
// the one answer that carries the email and the request data, by design.

import type { ErasureAnswer, ExportedData } from './privacy.responses';
import type { CommenterData, ErasureResult } from './privacy.service';

export function presentCommenterData(data: CommenterData): ExportedData {
  return {
    emailHash: data.emailHash,
    comments: data.comments.map(({ comment, email, page, rawContent, request, history }) => ({
      id: comment.id,
      site: comment.site,
      pageId: comment.pageId,
      pageUrl: page?.url ?? null,
      pageTitle: page?.title ?? null,
      parentId: comment.parentId,
      status: comment.status,
      content: comment.content,
      rawContent,
      name: comment.author,
      email: email ?? null,
      url: comment.authorUrl ?? null,
      ip: request.ip ?? null,
      userAgent: request.userAgent ?? null,
      referrer: request.referrer ?? null,
      notifyReplies: comment.notifyReplies,
      createdAt: comment.createdAt.toISOString(),
      updatedAt: comment.updatedAt.toISOString(),
      editedAt: comment.editedAt?.toISOString() ?? null,
      history: history.map((version) => ({
        content: version.content,
        writtenAt: version.writtenAt.toISOString(),
        replacedAt: version.replacedAt.toISOString(),
        by: version.by,
      })),
    })),
    listEntries: data.listEntries.map((entry) => ({
      site: entry.site,
      list: entry.list,
      createdAt: entry.createdAt.toISOString(),
      expiresAt: entry.expiresAt?.toISOString() ?? null,
      note: entry.note ?? null,
    })),
    replyOptOuts: data.replyOptOuts.map(({ site, at }) => ({ site, at: at.toISOString() })),
  };
}

export function presentErasure(result: ErasureResult): ErasureAnswer {
  return { ...result, sites: [...result.sites] };
}
