/**
 * Settings › Accounts and Import pages built from one template in several structures nobody at
 * Gmail wrote: table rows whose heading cell holds extra sub-blocks, nested blocks, a definition
 * list, a CSS grid and ARIA rows; in en and zh-TW; with 0, 1 or 3 fetch accounts; in each state.
 * Plain HTML strings: happy-dom parses them (tests/unit/panel-reader-structures.test.ts) and the
 * end-to-end tests serve them to Chromium as https://mail.google.com.
 */
import type { PageState } from '@/utils/audit/schema';

export type Structure = 'table' | 'nested' | 'dl' | 'grid' | 'aria';
export type PageLang = 'en' | 'zh-TW';
export const STRUCTURES: readonly Structure[] = ['table', 'nested', 'dl', 'grid', 'aria'];

const TEXTS = {
  en: {
    title: 'Settings',
    change: 'Change account settings:',
    changeLink: 'Change password',
    imp: 'Import mail and contacts:',
    impLink: 'Import mail and contacts',
    sendAs: 'Send mail as:',
    heading: 'Check mail from other accounts:',
    learn: 'Learn more',
    explain: 'Import mail from up to 5 other accounts, for example you@school.example.',
    add: 'Add a mail account',
    notice: 'Starting January 2026, Gmail no longer supports adding new accounts here. Existing accounts keep working for now.',
    checked: (n: number) => `Last checked: ${n} minutes ago.`,
    fetched: 'No mails fetched.',
    error: 'Error: Server denied POP3 access for the given username and password.',
    history: 'View history',
    checkNow: 'Check mail now',
    edit: 'edit info',
    del: 'delete',
    grant: 'Grant access to your account:',
    grantLink: 'Add another account',
    storage: 'Add additional storage:',
  },
  'zh-TW': {
    title: '設定',
    change: '變更帳戶設定：',
    changeLink: '變更密碼',
    imp: '匯入郵件和聯絡人：',
    impLink: '匯入郵件和聯絡人',
    sendAs: '以這個地址寄送郵件：',
    heading: '查看其他帳戶的郵件：',
    learn: '瞭解詳情',
    explain: '最多可匯入 5 個其他帳戶的郵件，例如 you@school.example。',
    add: '新增郵件帳戶',
    notice: '自 2026 年 1 月起，Gmail 不再支援在這裡新增帳戶。現有帳戶暫時可繼續使用。',
    checked: (n: number) => `上次檢查時間：${n} 分鐘前。`,
    fetched: '未擷取任何郵件。',
    error: '錯誤：伺服器拒絕了這組使用者名稱和密碼的 POP3 存取要求。',
    history: '查看記錄',
    checkNow: '立即檢查郵件',
    edit: '編輯資訊',
    del: '刪除',
    grant: '授予帳戶存取權：',
    grantLink: '新增其他帳戶',
    storage: '新增額外儲存空間：',
  },
} as const;

export const ERROR_TEXT = {
  en: 'Server denied POP3 access for the given username and password.',
  'zh-TW': '伺服器拒絕了這組使用者名稱和密碼的 POP3 存取要求。',
} as const;

/** The accounts a page shows: the second one (when there are three) has an error. */
export const ACCOUNTS = ['a1@mail.au.edu.tw', 'bob.chen@example.org', 'c3@au.edu.tw'] as const;
export const accountsOf = (n: 0 | 1 | 3): string[] => ACCOUNTS.slice(0, n);
export const hasError = (i: number, n: number): boolean => n === 3 && i === 1;

export interface AccountsPageSpec {
  structure: Structure;
  lang: PageLang;
  accounts: 0 | 1 | 3;
  state: PageState;
}

const link = (text: string): string => `<span role="link" tabindex="0">${text}</span>`;

/** One fetch account's block: address, status with its links, then edit info / delete. */
function account(lang: PageLang, address: string, i: number, n: number, tag: 'div' | 'tr'): string {
  const x = TEXTS[lang];
  const status = `${x.checked(5 + i * 7)} ${hasError(i, n) ? x.error : x.fetched} ${link(x.history)} ${link(x.checkNow)}`;
  const actions = `${link(x.edit)} ${link(x.del)}`;
  return tag === 'tr'
    ? `<tr><td><span>${address}</span> (POP3)</td><td>${status}</td><td>${actions}</td></tr>`
    : `<div><div><span>${address}</span> <span>(POP3)</span></div><div>${status}</div><div>${actions}</div></div>`;
}

/** What the fetch row's content holds for the spec: the accounts, then the link or the notice. */
function fetchContent(spec: AccountsPageSpec, accountsAs: 'div' | 'tr'): string {
  const x = TEXTS[spec.lang];
  const list = accountsOf(spec.accounts)
    .map((a, i) => account(spec.lang, a, i, spec.accounts, accountsAs))
    .join('');
  const accountsHtml = accountsAs === 'tr' ? (list ? `<table><tbody>${list}</tbody></table>` : '') : `<div>${list}</div>`;
  const tail = spec.state === 'available' ? `<div><div>${link(`<span>${x.add}</span>`)}</div></div>` : `<div>${x.notice}</div>`;
  return spec.state === 'closed' ? `${tail}${accountsHtml}` : `${accountsHtml}${tail}`;
}

/** The heading cell, with its own sub-blocks: an explanation (with an example address) and "Learn more". */
const headingCell = (lang: PageLang): string => {
  const x = TEXTS[lang];
  return `<div><b><span>${x.heading}</span></b></div><div class="ex">${x.explain}</div><div><a href="#learn">${x.learn}</a></div>`;
};

export function accountsPage(spec: AccountsPageSpec): string {
  const x = TEXTS[spec.lang];
  const rows: Array<[string, string]> = [
    [x.change, link(x.changeLink)],
    [x.imp, link(x.impLink)],
    [x.sendAs, `<div>Emma &lt;emma.w@gmail.com&gt;</div>${link(x.edit)}`],
  ];
  if (spec.state !== 'gone') rows.push(['\u0000fetch', '']);
  rows.push([x.grant, `<div>helper@example.net</div>${link(x.grantLink)}`], [x.storage, link('Google One')]);

  let body: string;
  switch (spec.structure) {
    case 'table':
      body = `<table><tbody>${rows
        .map(([h, c]) =>
          h === '\u0000fetch'
            ? `<tr><td>${headingCell(spec.lang)}</td><td>${fetchContent(spec, 'tr')}</td></tr>`
            : `<tr><td><span>${h}</span></td><td>${c}</td></tr>`,
        )
        .join('')}</tbody></table>`;
      break;
    case 'nested':
      // The heading and its "Learn more" share a block; the content is that block's sibling, deeper.
      body = `<div>${rows
        .map(([h, c]) =>
          h === '\u0000fetch'
            ? `<div><div><div><span>${x.heading}</span><div><a href="#learn">${x.learn}</a></div><div>${x.explain}</div></div></div><div><div>${fetchContent(spec, 'div')}</div></div></div>`
            : `<div><div><div><span>${h}</span></div></div><div><div>${c}</div></div></div>`,
        )
        .join('')}</div>`;
      break;
    case 'dl':
      body = `<dl>${rows
        .map(([h, c]) =>
          h === '\u0000fetch' ? `<dt>${headingCell(spec.lang)}</dt><dd>${fetchContent(spec, 'div')}</dd>` : `<dt>${h}</dt><dd>${c}</dd>`,
        )
        .join('')}</dl>`;
      break;
    case 'grid':
      // Every cell a sibling of every other: rows exist only in the CSS.
      body = `<div style="display:grid;grid-template-columns:220px 1fr">${rows
        .map(([h, c]) =>
          h === '\u0000fetch'
            ? `<div>${headingCell(spec.lang)}</div><div>${fetchContent(spec, 'div')}</div>`
            : `<div><span>${h}</span></div><div>${c}</div>`,
        )
        .join('')}</div>`;
      break;
    case 'aria':
      body = `<div role="table">${rows
        .map(([h, c]) =>
          h === '\u0000fetch'
            ? `<div role="row"><div role="rowheader">${headingCell(spec.lang)}</div><div role="cell">${fetchContent(spec, 'div')}</div></div>`
            : `<div role="row"><div role="rowheader"><span>${h}</span></div><div role="cell">${c}</div></div>`,
        )
        .join('')}</div>`;
      break;
  }
  return `<!doctype html><html lang="${spec.lang}"><head><meta charset="utf-8"><title>${x.title} - Gmail</title></head><body><div role="navigation"><a href="#inbox">Inbox</a></div><div role="main"><h2>${x.title}</h2>${body}</div></body></html>`;
}

/** Every combination: 5 structures × 2 languages × (available, closed with 0, 1, 3 accounts; gone). */
export function allAccountsPages(): AccountsPageSpec[] {
  const out: AccountsPageSpec[] = [];
  for (const structure of STRUCTURES) {
    for (const lang of ['en', 'zh-TW'] as const) {
      for (const state of ['available', 'closed'] as const)
        for (const accounts of [0, 1, 3] as const) out.push({ structure, lang, accounts, state });
      out.push({ structure, lang, accounts: 0, state: 'gone' });
    }
  }
  return out;
}

export const specName = (s: AccountsPageSpec): string => `${s.structure}-${s.lang}-${s.state}-${s.accounts}`;
