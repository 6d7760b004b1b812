// The dashboard's view lives in the address (?status=spam&site=news...), so a reload or a
// shared link opens the same tab and filters.
import { COMMENT_STATUSES, type CommentStatus } from '../../shared/statuses';
import type { Filters } from './toolbar';

export function filtersFromAddress(): Filters {
  const params = new URLSearchParams(location.search);
  const status = params.get('status');
  return {
    status: COMMENT_STATUSES.includes(status as CommentStatus) ? (status as CommentStatus) : 'pending',
    site: params.get('site') || undefined,
    pageId: params.get('pageId') || undefined,
    q: params.get('q') || undefined,
    sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest',
  };
}

export function showFiltersInAddress(filters: Filters): void {
  const params = new URLSearchParams();
  if (filters.status !== 'pending') params.set('status', filters.status);
  for (const key of ['site', 'pageId', 'q'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.sort !== 'newest') params.set('sort', filters.sort);
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}
