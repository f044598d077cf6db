/**
 * The Gmail address mail is forwarded to, as the person types or corrects it in the panel: zod-free
 * so the panel can say at once what is wrong with it. The background checks the same rule again
 * with GmailAddressSchema (schema.ts) before anything is opened or stored.
 */

/** An address that Mail2000's forward field and Gmail both accept: local@domain.tld, no spaces. */
export const ADDRESS_RE =
  /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
/** RFC 5321's limit for a forward path. */
export const MAX_GMAIL_CHARS = 254;

export type AddressProblem = 'empty' | 'line-break' | 'too-long' | 'invalid';

/** What is wrong with `text` as the forwarding address, or null when it is one. */
export function addressProblem(text: string): AddressProblem | null {
  if (/[\r\n]/.test(text)) return 'line-break';
  const s = text.trim();
  if (!s) return 'empty';
  if (s.length > MAX_GMAIL_CHARS) return 'too-long';
  return ADDRESS_RE.test(s) ? null : 'invalid';
}

const ADDRESS_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * The address of the Gmail account the tab shows, read from the page: Gmail's title ("Inbox - name@gmail.com - Gmail",
 * a Workspace account's "… - name@school.edu.tw - School Mail"), else the account button's label
 * ("Google Account: Name (name@gmail.com)", 「Google 帳戶：Name (name@gmail.com)」). Null when
 * neither names exactly one address: the person types it then.
 */
export function gmailAddressOf(doc: Document): string | null {
  const one = (text: string): string | null => {
    const found = [...new Set(text.match(ADDRESS_IN_TEXT) ?? [])];
    return found.length === 1 && !addressProblem(found[0]!) ? found[0]! : null;
  };
  // Gmail's title is "<view or subject> - <account> - <product>": the account is the part before the last.
  const parts = doc.title.split(/\s+-\s+/);
  const account = parts.length >= 3 ? parts[parts.length - 2]!.trim() : '';
  if (!addressProblem(account)) return account;
  const labelled = Array.from(doc.querySelectorAll<HTMLElement>('[aria-label]')).filter((e) =>
    /google/i.test(e.getAttribute('aria-label') ?? ''),
  );
  for (const e of labelled) {
    const label = e.getAttribute('aria-label') ?? '';
    const m = /\(([^()]+)\)\s*$/.exec(label);
    const a = m ? one(m[1]!) : null;
    if (a) return a;
  }
  return null;
}
