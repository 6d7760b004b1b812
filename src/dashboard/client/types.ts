// Shapes only the dashboard uses. What it shares with the server (statuses, the actions'
// table, cards, details) comes from src/shared/.
import type { CommentStatus } from '../../shared/statuses';
import type { StatusAction } from '../../shared/transitions';

export type BulkAction = StatusAction | 'delete';

export interface User {
  id: string;
  email: string;
  /** The display name replies are signed with, or null ("Moderator"). */
  name: string | null;
  role: 'admin' | 'moderator';
  sites: string[];
  allSites: boolean;
}

export interface ListQuery {
  status: CommentStatus;
  site?: string;
  pageId?: string;
  q?: string;
  sort: 'newest' | 'oldest';
  cursor?: string;
}
