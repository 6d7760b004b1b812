// The moderation API's answers as the dashboard reads them (src/moderation/moderation.presenter.ts
// is the source; the browser code cannot import server modules).
export const STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_ACTIONS = ['approve', 'spam', 'trash', 'restore'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];
export type BulkAction = StatusAction | 'delete';

/** Mirrors src/moderation/transitions.ts: the statuses each action may be taken from. */
export const ALLOWED_FROM: Record<StatusAction, readonly Status[]> = {
  approve: ['pending', 'spam', 'trash'],
  spam: ['pending', 'approved', 'trash'],
  trash: ['pending', 'approved', 'spam'],
  restore: ['spam', 'trash'],
};

export interface User {
  id: string;
  email: string;
  role: 'admin' | 'moderator';
  sites: string[];
  allSites: boolean;
}

export type SpamCheckOutcome = 'spam' | 'ham' | 'unavailable' | 'invalid_key' | 'skipped';

export interface Card {
  id: string;
  site: string;
  pageId: string;
  page: { url: string | null; title: string | null };
  parentId: string | null;
  parent: { id: string; author: string; excerpt: string; status: Status; byModerator: boolean } | null;
  depth: number;
  author: { name: string; email: string | null; url: string | null };
  ip: string | null;
  /** Sanitised by the server: the HTML readers are shown. */
  content: string;
  status: Status;
  reasons: Array<{ code: string; message: string }>;
  byModerator: boolean;
  spamCheck: {
    state: 'due' | 'done';
    dueAt: string | null;
    attemptCount: number;
    lastAttempt: { at: string; outcome: SpamCheckOutcome; detail: string | null } | null;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Detail {
  comment: Card & {
    userAgent: string | null;
    referrer: string | null;
    rawContent: string;
    notifyReplies: boolean;
    replyCount: number;
  };
  spamCheck: {
    state: 'due' | 'done';
    dueAt: string | null;
    firstQueuedAt: string | null;
    finishedAt: string | null;
    attemptCount: number;
    attempts: Array<{
      at: string;
      outcome: SpamCheckOutcome;
      durationMs: number;
      detail: string | null;
      verdict: 'pending' | 'approved' | 'spam' | null;
    }>;
  } | null;
  audit: Array<{
    id: string;
    at: string;
    userId: string;
    action: string;
    from: Status | null;
    to: Status | null;
  }>;
}

export type Counts = Record<Status, number>;

export interface ListQuery {
  status: Status;
  site?: string;
  pageId?: string;
  q?: string;
  sort: 'newest' | 'oldest';
  cursor?: string;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: Status | null;
  error?: { code: string; message: string };
}
