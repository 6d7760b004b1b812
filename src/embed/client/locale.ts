// The embed's words. English is built in; a page picks another language with data-lang
// or its own lang attribute. "%s" and "%d" are filled in order by `fill`.
export interface Strings {
  leaveReply: string;
  leaveReplyTo: string;
  cancelReply: string;
  emailNotes: string;
  requiredNotes: string;
  comment: string;
  name: string;
  email: string;
  website: string;
  cookies: string;
  post: string;
  honeypot: string;
  reply: string;
  replyTo: string;
  /** Names the list of a comment's replies, for screen readers. */
  repliesTo: string;
  awaiting: string;
  anonymous: string;
  moderator: string;
  says: string;
  /** No comments, one comment, several. */
  count: [string, string, string];
  sortBy: string;
  oldest: string;
  newest: string;
  older: string;
  newer: string;
  pageOf: string;
  navigation: string;
  loading: string;
  loadFailed: string;
  posting: string;
  posted: string;
  failed: string;
  required: string;
  /** Said in the live region when the browser's own checks stop a post. */
  fixFields: string;
  edit: string;
  remove: string;
  save: string;
  cancel: string;
  confirmRemove: string;
  edited: string;
  deleted: string;
  held: string;
  /** The live button: one new comment, several. */
  newComments: [string, string];
}

const en: Strings = {
  leaveReply: 'Leave a Reply',
  leaveReplyTo: 'Leave a Reply to %s',
  cancelReply: 'Cancel reply',
  emailNotes: 'Your email address will not be published.',
  requiredNotes: 'Required fields are marked %s',
  comment: 'Comment',
  name: 'Name',
  email: 'Email',
  website: 'Website',
  cookies: 'Save my name, email, and website in this browser for the next time I comment.',
  post: 'Post Comment',
  honeypot: 'Leave this field empty',
  reply: 'Reply',
  replyTo: 'Reply to %s',
  repliesTo: 'Replies to %s',
  awaiting: 'Your comment is awaiting moderation.',
  anonymous: 'Anonymous',
  moderator: 'Moderator',
  says: 'says:',
  count: ['No Comments', '1 Comment', '%d Comments'],
  sortBy: 'Sort by',
  oldest: 'Oldest first',
  newest: 'Newest first',
  older: '« Older Comments',
  newer: 'Newer Comments »',
  pageOf: 'Page %d of %d',
  navigation: 'Comments navigation',
  loading: 'Loading comments…',
  loadFailed: 'The comments could not be loaded.',
  posting: 'Posting your comment…',
  fixFields: 'Some fields need attention.',
  posted: 'Thank you! Your comment is awaiting moderation.',
  failed: 'Your comment could not be sent. Please try again.',
  required: 'Please fill in this field.',
  edit: 'Edit',
  remove: 'Delete',
  save: 'Save',
  cancel: 'Cancel',
  confirmRemove: 'Delete your comment?',
  edited: '(edited)',
  deleted: 'This comment was deleted.',
  held: 'This comment is awaiting moderation.',
  newComments: ['1 new comment', '%d new comments'],
};

const ko: Strings = {
  leaveReply: '답글 남기기',
  leaveReplyTo: '%s 님에게 답글 남기기',
  cancelReply: '답글 취소',
  emailNotes: '이메일 주소는 공개되지 않습니다.',
  requiredNotes: '필수 필드는 %s로 표시됩니다',
  comment: '댓글',
  name: '이름',
  email: '이메일',
  website: '웹사이트',
  cookies: '다음 번 댓글 작성을 위해 이 브라우저에 이름, 이메일, 그리고 웹사이트를 저장합니다.',
  post: '댓글 달기',
  honeypot: '이 칸은 비워 두세요',
  reply: '답글',
  replyTo: '%s 님에게 답글',
  repliesTo: '%s 님의 댓글에 달린 답글',
  awaiting: '댓글이 검토 대기 중입니다.',
  anonymous: '익명',
  moderator: '운영자',
  says: '님의 말:',
  count: ['댓글 없음', '댓글 1개', '댓글 %d개'],
  sortBy: '정렬',
  oldest: '오래된 순',
  newest: '최신 순',
  older: '« 이전 댓글',
  newer: '다음 댓글 »',
  pageOf: '%d / %d 페이지',
  navigation: '댓글 탐색',
  loading: '댓글을 불러오는 중…',
  loadFailed: '댓글을 불러올 수 없습니다.',
  posting: '댓글을 보내는 중…',
  fixFields: '입력한 내용을 확인해 주세요.',
  posted: '감사합니다! 댓글이 검토 대기 중입니다.',
  failed: '댓글을 보내지 못했습니다. 다시 시도해 주세요.',
  required: '이 항목을 입력해 주세요.',
  edit: '수정',
  remove: '삭제',
  save: '저장',
  cancel: '취소',
  confirmRemove: '댓글을 삭제할까요?',
  edited: '(수정됨)',
  deleted: '삭제된 댓글입니다.',
  held: '검토 대기 중인 댓글입니다.',
  newComments: ['새 댓글 1개', '새 댓글 %d개'],
};

export const LOCALES: Record<string, Strings> = { en, ko };

/** The strings for a language tag such as "ko-KR"; English when the language is not known. */
export function stringsFor(lang: string | undefined): Strings {
  const base = (lang ?? '').toLowerCase().split('-')[0] ?? '';
  return LOCALES[base] ?? en;
}

export function fill(template: string, ...values: Array<string | number>): string {
  let index = 0;
  return template.replace(/%[sd]/g, () => String(values[index++] ?? ''));
}

export function countText(strings: Strings, count: number): string {
  return fill(strings.count[Math.min(count, 2)] as string, count);
}
