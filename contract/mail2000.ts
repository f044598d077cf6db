/** What is known about a Mail2000 server, as zod-free constants (docs/architecture.md, "Budgets"). */
export const MAIL2000_HOST = 'mail.au.edu.tw';

export const SERVICES = ['pop3', 'pop3s', 'imap', 'imaps', 'smtp', 'smtps', 'submission'] as const;
export type Service = (typeof SERVICES)[number];

/** Mail2000's ports: POP3 110 (SSL 995), IMAP 143 (SSL 993), SMTP 25 (SSL 465); 587 is the usual submission port. */
export const DEFAULT_PORTS: Readonly<Record<Service, number>> = {
  pop3: 110,
  pop3s: 995,
  imap: 143,
  imaps: 993,
  smtp: 25,
  smtps: 465,
  submission: 587,
};

export type MailProtocol = 'pop3' | 'imap' | 'smtp';
export const SERVICE_PROTOCOL: Readonly<Record<Service, MailProtocol>> = {
  pop3: 'pop3',
  pop3s: 'pop3',
  imap: 'imap',
  imaps: 'imap',
  smtp: 'smtp',
  smtps: 'smtp',
  submission: 'smtp',
};

/** implicit: TLS from the first byte; starttls: plain greeting, upgrade offered through STLS/STARTTLS. */
export const SERVICE_TLS: Readonly<Record<Service, 'implicit' | 'starttls'>> = {
  pop3: 'starttls',
  pop3s: 'implicit',
  imap: 'starttls',
  imaps: 'implicit',
  smtp: 'starttls',
  smtps: 'implicit',
  submission: 'starttls',
};

/** Gmail's POP fetch offers exactly these two: 995 with SSL on connect, or 110 in the clear. */
export const GMAIL_POP_PORTS = [995, 110] as const;

/** Greetings by which a Mail2000 server is recognised (POP3 `+OK MPOP3D V8.0`, SMTP `Mail2000 ESMTP Server`). */
export const MAIL2000_BANNER_RE = /\bMPOP3D\b|\bMail2000\b|\bMIMAP4D\b/i;
export const isMail2000Banner = (greeting: string | undefined): boolean => !!greeting && MAIL2000_BANNER_RE.test(greeting);
