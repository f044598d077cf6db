/**
 * Delivery status notifications (RFC 3464) among the newest messages: a bounce that names the
 * token means the next server refused the forward. Candidates are told by their headers (a
 * multipart/report, or a subject the usual bounce words); only those have the start of their body
 * read, and only a body that carries the token counts.
 */
import type { Bounce } from '@/contract/send-test';
import { headerFields } from './mime';

const BOUNCE_SUBJECT =
  /undeliver|returned mail|returned to sender|delivery (?:status|failure|has failed)|failure notice|mail delivery (?:failed|subsystem)|無法(?:傳遞|遞送|投遞)|退信|退回/i;

export function isBounceCandidate(subject: string, contentType: string): boolean {
  return /multipart\/report/i.test(contentType) || BOUNCE_SUBJECT.test(subject);
}

/** The bounce's facts when its text names the token; the caller redacts and cuts the detail. */
export function parseBounce(lines: readonly string[], token: string, text: (s: string) => string): Bounce | undefined {
  if (!lines.some((l) => l.includes(token))) return undefined;
  const fields = headerFields(lines);
  const first = (name: string) => fields.find(([n]) => n === name)?.[1].trim();
  const status = /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(first('status') ?? '')?.[1];
  const diagnostic = first('diagnostic-code')?.replace(/\s+/g, ' ');
  // "smtp; 550 5.7.26 …": the type, then the remote server's reply.
  const reply = diagnostic ? /;\s*([245]\d\d)\b/.exec(diagnostic)?.[1] : undefined;
  const recipient = first('final-recipient')?.replace(/^[^;]*;\s*/, '');
  return {
    ...(status ? { status } : {}),
    ...(reply ? { reply: Number(reply) } : {}),
    ...(diagnostic ? { detail: text(diagnostic.replace(/^[^;]*;\s*/, '')) } : {}),
    ...(recipient ? { recipient: text(recipient).slice(0, 270) } : {}),
  };
}
