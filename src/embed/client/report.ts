// "Report" on an approved comment: a small inline form (a reason, an optional note for the
// moderators) under the comment, and a thank-you once the report is in. Its words are here, in
// English and Korean like locale.ts, so the report stays one file.
import type { PublicComment } from '../../shared/publicComment';
import { MAX_REPORT_NOTE, REPORT_REASONS, type ReportReason } from '../../shared/reports';
import { h } from './dom';

const WORDS = {
  en: [
    'Report',
    'Why report this comment?',
    'Spam',
    'Abusive or harassing',
    'Off-topic',
    'Something else',
    'Note for the moderators (optional)',
    'Send report',
    'Cancel',
    'Thank you. The moderators will take a look.',
    'The report could not be sent. Please try again.',
  ],
  ko: [
    '신고',
    '이 댓글을 신고하는 이유',
    '스팸',
    '욕설·괴롭힘',
    '주제와 무관',
    '기타',
    '운영자에게 남길 말 (선택)',
    '신고하기',
    '취소',
    '신고해 주셔서 감사합니다. 운영자가 확인하겠습니다.',
    '신고를 보내지 못했습니다. 다시 시도해 주세요.',
  ],
};

export type SendReport = (id: string, reason: ReportReason, note: string) => Promise<unknown>;

let forms = 0;

/** Adds the Report button to a comment's article; `send` posts the report. */
export function addReportAction(comment: PublicComment, body: HTMLElement, lang: string, send: SendReport) {
  const [report, legend, ...rest] = lang.toLowerCase().startsWith('ko') ? WORDS.ko : WORDS.en;
  const [note, submit, cancel, thanks, failed] = rest.slice(4);
  const button = h(
    'button',
    {
      type: 'button',
      class: 'parley-report-link',
      'aria-expanded': 'false',
      'aria-label': `${report}: ${comment.author.name}`,
    },
    report as string,
  );
  const holder = h('div', { class: 'parley-report' }, button);
  body.append(holder);
  button.addEventListener('click', () => {
    if (holder.querySelector('form')) return;
    const id = `parley-report-${++forms}`;
    const form = h('form', { 'aria-label': report as string });
    form.innerHTML = `<fieldset><legend>${legend}</legend>${REPORT_REASONS.map(
      (reason, i) =>
        `<label><input type="radio" name="reason" value="${reason}" required> ${rest[i]}</label>`,
    ).join(
      '',
    )}</fieldset><label for="${id}">${note}</label><textarea id="${id}" name="note" rows="2" maxlength="${MAX_REPORT_NOTE}"></textarea><p><button type="submit">${submit}</button> <button type="button">${cancel}</button></p><p role="status"></p>`;
    const [send$, close] = Array.from(form.querySelectorAll('button'));
    const status = form.querySelector('[role=status]') as HTMLElement;
    const done = () => {
      form.remove();
      button.setAttribute('aria-expanded', 'false');
    };
    close?.addEventListener('click', () => {
      done();
      button.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      if (send$) send$.disabled = true;
      try {
        await send(comment.id, data.get('reason') as ReportReason, String(data.get('note') ?? ''));
        done();
        const message = h('p', { role: 'status', tabindex: '-1' }, thanks as string);
        button.replaceWith(message);
        message.focus();
      } catch {
        status.textContent = failed as string;
        if (send$) send$.disabled = false;
      }
    });
    holder.append(form);
    button.setAttribute('aria-expanded', 'true');
    form.querySelector('input')?.focus();
  });
}
