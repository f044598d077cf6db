/**
 * A stand-in for Gmail's inbox Atom feed (`/mail/u/N/feed/atom`), built from the raw messages of a
 * real mailbox (the forwarding stack's "Gmail side", tests/support/mail-servers/forwarding.ts): one
 * entry per message, newest first, its decoded Subject as the title and its first body line as the
 * summary, in the shape Gmail serves (Atom 0.3 namespace, fullcount, author).
 */
import { decodeHeaderValue, headerFields } from '@/helper/send-test/mime';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Subject and first body line of a raw message. */
export function messageSummary(raw: string): { subject: string; first: string } {
  const [head = '', body = ''] = raw.split(/\r?\n\r?\n/, 2);
  const subject = headerFields(head.split(/\r?\n/)).find(([name]) => name === 'subject')?.[1] ?? '';
  return {
    subject: decodeHeaderValue(subject),
    first:
      body
        .split(/\r?\n/)
        .find((l) => l.trim())
        ?.slice(0, 100) ?? '',
  };
}

export function atomFeedOf(rawMessages: readonly string[], account = 'inbox@gmail.test'): string {
  const entries = [...rawMessages]
    .reverse()
    .slice(0, 20)
    .map(messageSummary)
    .map(
      (m, i) =>
        `<entry><title>${xml(m.subject)}</title><summary>${xml(m.first)}</summary><link rel="alternate" href="https://mail.google.com/mail/u/0?message_id=${i}" type="text/html" /><modified>2026-12-03T00:00:00Z</modified><issued>2026-12-03T00:00:00Z</issued><id>tag:gmail.google.com,2004:${1000 + i}</id><author><name>Mail2000</name><email>alice@school.test</email></author></entry>`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Gmail - Inbox for ${xml(account)}</title><tagline>New messages in your Gmail Inbox</tagline><fullcount>${entries.length}</fullcount><link rel="alternate" href="https://mail.google.com/mail" type="text/html" /><modified>2026-12-03T00:00:00Z</modified>${entries.join('')}</feed>`;
}
