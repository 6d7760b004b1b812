// Reads a plain HTML form's action and fields without a browser, for posting it as a
// browser without JavaScript would. Good enough for Parley's own, well-formed markup.
export interface PlainForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  /** Fields marked required. */
  required: string[];
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}(="([^"]*)")?(?=[\\s>/])`).exec(tag);
  if (!match) return undefined;
  return (match[2] ?? '').replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code)));
}

export function readPlainForm(html: string): PlainForm {
  const form = /<form\b[^>]*>/.exec(html)?.[0];
  if (!form) throw new Error('no <form> in this HTML');
  const fields: Record<string, string> = {};
  const required: string[] = [];
  for (const [tag] of html.matchAll(/<(?:input|textarea)\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    if (!name || attribute(tag, 'type') === 'submit') continue;
    fields[name] = attribute(tag, 'value') ?? '';
    if (attribute(tag, 'required') !== undefined) required.push(name);
  }
  return {
    action: attribute(form, 'action') ?? '',
    method: attribute(form, 'method') ?? 'get',
    fields,
    required,
  };
}

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
