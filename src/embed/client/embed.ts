// One comment section: the thread with its count, sort and pages, and the "Leave a Reply"
// form that moves under a comment to reply to it.
import type { HeldComment } from '../../shared/heldComment';
import type { PublicComment } from '../../shared/publicComment';
import { ApiError, createApi } from './api';
import { createAuthorActions } from './authorActions';
import { h, readStored, writeStored } from './dom';
import { wireReplyForm } from './form';
import { commentFormHtml, escapeHtml } from './formMarkup';
import { followThread } from './live';
import { countText, fill, stringsFor } from './locale';
import { addReportAction } from './report';
import { authorName, countPending, renderComment, type ThreadView } from './thread';

export interface EmbedOptions {
  /** Where Parley lives, such as https://comments.example.com/ */
  base: string;
  site: string;
  pageId: string;
  pageUrl: string;
  pageTitle: string;
  lang: string;
  /** The reader's comment named by the address a plain form post returned them to. */
  held?: HeldComment;
}

let embedCount = 0;

function dateFormatter(lang: string): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
  }
  return (iso) => format.format(new Date(iso));
}

function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16)).join('');
}

export function mountEmbed(root: HTMLElement, options: EmbedOptions): void {
  const t = stringsFor(options.lang);
  const p = `parley-${++embedCount}-`;
  const api = createApi(options.base, options.site);
  const tokenKey = `parley:${options.site}:token`;
  const state = { sort: 'oldest', page: 1, totalPages: 1, editWindowMinutes: 0 };

  root.classList.add('parley');
  root.innerHTML = `<h2 id="${p}title" class="comments-title" tabindex="-1"></h2>
<p class="parley-sort"><label for="${p}sort">${escapeHtml(t.sortBy)}</label> <select id="${p}sort"><option value="oldest">${escapeHtml(t.oldest)}</option><option value="newest">${escapeHtml(t.newest)}</option></select></p>
<ol class="comment-list" aria-labelledby="${p}title"></ol>
<nav class="comment-navigation" aria-label="${escapeHtml(t.navigation)}" hidden><button type="button"></button> <span></span> <button type="button"></button></nav>
${commentFormHtml({
  action: new URL(`api/v1/sites/${encodeURIComponent(options.site)}/comments`, options.base).href,
  pageId: options.pageId,
  pageUrl: options.pageUrl,
  pageTitle: options.pageTitle,
  idPrefix: p,
  strings: t,
  withCookieConsent: true,
})}`;
  const find = <T extends Element>(selector: string) => root.querySelector(selector) as T;
  const title = find<HTMLElement>('.comments-title');
  const sort = find<HTMLSelectElement>('select');
  const list = find<HTMLOListElement>('.comment-list');
  const nav = find<HTMLElement>('nav');
  const [previous, next] = Array.from(nav.querySelectorAll('button')) as [
    HTMLButtonElement,
    HTMLButtonElement,
  ];
  const pageText = find<HTMLElement>('nav span');
  const respond = find<HTMLElement>('.comment-respond');
  const replyTitle = find<HTMLElement>('.comment-reply-title');
  const reply = wireReplyForm(find<HTMLFormElement>('form'), t);
  const parentField = reply.control('comment_parent');
  const submit = reply.control('submit');
  const status = h('p', { class: 'parley-status', role: 'status', 'aria-live': 'polite' });
  respond.append(status);
  const cancel = h('button', { type: 'button', class: 'parley-cancel', hidden: '' }, t.cancelReply);
  let replyButton: HTMLButtonElement | undefined;

  const say = (message: string, isError = false) => {
    status.textContent = message;
    status.classList.toggle('parley-error', isError);
  };

  function setReplyTitle(comment?: PublicComment) {
    replyTitle.textContent = comment ? '' : t.leaveReply;
    if (comment) {
      const [before = '', after = ''] = t.leaveReplyTo.split('%s');
      replyTitle.append(before, h('a', { href: `#comment-${comment.id}` }, authorName(comment, t)), after);
    }
    cancel.hidden = !comment;
    replyTitle.append(' ', h('small', {}, cancel));
  }

  function startReply(comment: PublicComment, item: HTMLLIElement, button: HTMLButtonElement) {
    replyButton = button;
    parentField.value = comment.id;
    item.firstElementChild?.after(respond);
    setReplyTitle(comment);
    reply.control('comment').focus();
  }

  function cancelReply() {
    parentField.value = '0';
    root.append(respond);
    setReplyTitle();
  }

  const own = createAuthorActions({
    api,
    strings: t,
    ownKey: `parley:${options.site}:own`,
    token: () => readStored<string>(tokenKey),
    windowMinutes: () => state.editWindowMinutes,
    reload: () => load(state.page),
    say,
  });
  const view: ThreadView = {
    strings: t,
    formatDate: dateFormatter(options.lang),
    maxDepth: 5,
    onReply: startReply,
    onApproved: (comment, body) =>
      addReportAction(comment, body, options.lang, (id, reason, note) =>
        api.report(id, { reason, ...(note && { note }) }, readStored<string>(tokenKey)),
      ),
    decorate: own.decorate,
  };

  const read = (page: number, isFresh?: boolean) =>
    api.thread(
      { pageId: options.pageId, sort: state.sort, page },
      readStored<string>(tokenKey),
      options.held,
      isFresh,
    );

  async function load(page: number, isFresh?: boolean): Promise<boolean> {
    list.setAttribute('aria-busy', 'true');
    try {
      const thread = await read(page, isFresh);
      Object.assign(state, {
        page: thread.page,
        totalPages: thread.totalPages,
        editWindowMinutes: thread.editWindowMinutes,
      });
      view.maxDepth = thread.maxDepth;
      // The form may sit inside the list, under a comment: bring it home before redrawing.
      if (respond.parentNode !== root) cancelReply();
      // The reader's own comments awaiting moderation are shown, so the heading counts them.
      title.textContent = countText(t, thread.total + countPending(thread.comments));
      list.replaceChildren(...thread.comments.map((comment) => renderComment(comment, view)));
      const isOldestFirst = state.sort === 'oldest';
      nav.hidden = thread.totalPages < 2;
      previous.textContent = isOldestFirst ? t.older : t.newer;
      next.textContent = isOldestFirst ? t.newer : t.older;
      previous.disabled = thread.page <= 1;
      next.disabled = thread.page >= thread.totalPages;
      pageText.textContent = fill(t.pageOf, thread.page, thread.totalPages);
      reply.setNameEmailRequired(thread.requireNameEmail !== false);
      return true;
    } catch {
      say(t.loadFailed, true);
      return false;
    } finally {
      list.removeAttribute('aria-busy');
    }
  }

  const turnTo = async (page: number) => {
    if (await load(page)) title.focus();
  };
  previous.addEventListener('click', () => turnTo(state.page - 1));
  next.addEventListener('click', () => turnTo(state.page + 1));
  sort.addEventListener('change', () => {
    state.sort = sort.value;
    void load(1);
  });
  cancel.addEventListener('click', () => {
    cancelReply();
    replyButton?.focus();
  });

  reply.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    reply.clearErrors();
    say('');
    if (!reply.checkFields()) return say(t.fixFields, true);
    const field = (name: string) => reply.control(name).value;
    const parentId = parentField.value === '0' ? undefined : parentField.value;
    submit.disabled = true;
    say(t.posting);
    try {
      const posted = await api.post(
        {
          pageId: options.pageId,
          pageUrl: options.pageUrl,
          pageTitle: options.pageTitle,
          parentId,
          content: field('comment'),
          author: field('author'),
          email: field('email'),
          url: field('url'),
          homepage: field('homepage') || undefined,
        },
        readStored<string>(tokenKey),
        randomKey(),
      );
      writeStored(tokenKey, posted.authorToken);
      own.remember(posted.comment.id);
      reply.rememberCommenter();
      reply.control('comment').value = '';
      // A new top-level comment shows where the newest comments are; a reply, under its parent.
      await load(parentId ? state.page : state.sort === 'newest' ? 1 : state.totalPages);
      say(t.posted);
      const item = document.getElementById(`comment-${posted.comment.id}`);
      if (item) {
        item.tabIndex = -1;
        item.focus();
      }
    } catch (error) {
      if (!(error instanceof ApiError)) return say(t.failed, true);
      const unplaced = reply.showFieldErrors(error.fields);
      say([error.message || t.failed, ...unplaced].join(' '), true);
    } finally {
      submit.disabled = false;
    }
  });

  /** The comment this page's #fragment names, once the thread shows it. */
  const linked = () => {
    const item = location.hash && document.getElementById(location.hash.slice(1));
    return item && root.contains(item) ? item : undefined;
  };

  setReplyTitle();
  const newest = () => (state.sort === 'newest' ? 1 : state.totalPages);
  followThread({
    url: api.streamUrl(options.pageId),
    root,
    list,
    strings: t,
    view,
    read: async () => (await read(state.page, true)).comments,
    // A new last page may have come with the new comments.
    showNewest: async () => (await load(newest(), true)) && newest() !== state.page && load(newest(), true),
    reload: () => load(state.page, true),
  });
  void load(1).then(async (isLoaded) => {
    // Back from a plain form post: a new top-level comment shows where the newest ones are.
    if (isLoaded && options.held && !linked() && state.totalPages > 1) await load(state.totalPages);
    linked()?.scrollIntoView();
  });
}
