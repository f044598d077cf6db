/**
 * Wizard pages nobody at Gmail wrote: the same steps with every label reworded (en and zh-TW,
 * full- and half-width punctuation), built from one table of texts. Used by the happy-dom tests
 * (tests/unit/locator-variants.test.ts and the seeded locator-generated.test.ts) and served to Chromium by the
 * end-to-end tests. Each control carries `data-truth` naming the field it is, which the locator
 * never reads (it works by text and structure only), so a test can tell a right fill from a wrong one.
 */

export type Lang = 'en' | 'zh-TW';
export type PopTruth = 'username' | 'password' | 'server' | 'port' | 'leaveCopy' | 'ssl' | 'label' | 'labelSelect' | 'archive';
type Worded = Exclude<PopTruth, 'labelSelect'>;

/** Ways Gmail could word each POP field; none is a phrase from utils/gmail/labels.ts verbatim only. */
export const POP_WORDINGS: Record<Worded, Record<Lang, readonly string[]>> = {
  username: {
    en: ['Username:', 'User name', 'Login username', 'Your user name:'],
    'zh-TW': ['使用者名稱：', '用戶名稱:', '使用者名稱（帳號）', '登入名稱'],
  },
  password: { en: ['Password:', 'Your password', 'Mail password'], 'zh-TW': ['密碼：', '密碼:', '信箱密碼'] },
  server: {
    en: ['POP Server:', 'POP server', 'Incoming mail server (POP)', 'Server:'],
    'zh-TW': ['POP 伺服器：', 'POP伺服器:', '內送郵件伺服器', '郵件主機'],
  },
  port: { en: ['Port:', 'Port number', 'POP port'], 'zh-TW': ['通訊埠：', '連接埠:', '埠號'] },
  leaveCopy: {
    en: [
      'Leave a copy of retrieved message on the server.',
      'Leave a copy of retrieved messages on the server',
      'Keep a copy of fetched mail on the server',
    ],
    'zh-TW': ['在伺服器上保留已擷取郵件的副本。', '在伺服器上保留擷取郵件的副本', '於伺服器保留郵件副本'],
  },
  ssl: {
    en: [
      'Always use a secure connection (SSL) when retrieving mail.',
      'Use SSL when retrieving mail',
      'Always use a secure connection (TLS/SSL)',
    ],
    'zh-TW': ['擷取郵件時，一律使用安全連線 (SSL)。', '擷取郵件時,一律使用安全連線(SSL)', '擷取郵件時一律使用安全連線（SSL）'],
  },
  label: {
    en: ['Label incoming messages:', 'Label incoming mail', 'Apply a label to incoming messages'],
    'zh-TW': ['將外來郵件標示為：', '為外來郵件加上標籤:', '標記內收郵件'],
  },
  archive: {
    en: ['Archive incoming messages (Skip the Inbox)', 'Archive incoming mail', 'Skip the Inbox (archive incoming messages)'],
    'zh-TW': ['封存外來郵件 (略過收件匣)', '封存內收郵件', '封存外來郵件（略過收件匣）'],
  },
};

const NEW_LABEL = { en: 'New label…', 'zh-TW': '新增標籤…' };
const LEARN_MORE = { en: 'Learn more', 'zh-TW': '瞭解詳情' };
const ADD = { en: 'Add Account »', 'zh-TW': '新增帳戶 »' };

/** A small deterministic generator (mulberry32): the same seed always builds the same pages. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Style = 'for' | 'wrap' | 'cell' | 'aria' | 'labelledby' | 'adjacent';

export interface GeneratedPage {
  html: string;
  /** The fields present on the page, each identifiable by a person. */
  present: PopTruth[];
  /** What was chosen, for the failure message. */
  notes: string[];
}

/**
 * One random POP settings page: random wrappers (div, span, p, section, li, table cells), random
 * ways of naming each control, optional parts (Learn more, explanations, a search box, an extra
 * text field, hidden decoys) shuffled in or left out, and now and then a field omitted entirely or
 * the checkboxes in another order.
 */
export function randomPopPage(next: () => number): GeneratedPage {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number): boolean => next() < p;
  const lang: Lang = chance(0.5) ? 'en' : 'zh-TW';
  let idn = 0;
  const id = (): string => `i${Math.floor(next() * 1e6).toString(36)}${idn++}`;
  const notes: string[] = [lang];

  const wrap = (inner: string): string => {
    let out = inner;
    const depth = Math.floor(next() * 3);
    for (let i = 0; i < depth; i++) {
      const tag = pick(['div', 'span', 'p', 'section', 'div']);
      out = tag === 'p' && /<(div|section|p|table|ul)/.test(out) ? `<div>${out}</div>` : `<${tag}>${out}</${tag}>`;
    }
    return out;
  };

  const control = (truth: PopTruth, extra = ''): string => {
    switch (truth) {
      case 'password':
        return `<input type="password" data-truth="password"${extra}>`;
      case 'port':
        return `<select data-truth="port"${extra}><option>110</option><option>995</option></select>`;
      case 'labelSelect':
        return `<select data-truth="labelSelect"${extra}><option>me@example.com</option><option>Work</option><option value="__new">${NEW_LABEL[lang]}</option></select>`;
      case 'leaveCopy':
      case 'ssl':
      case 'label':
      case 'archive':
        return `<input type="checkbox" data-truth="${truth}"${extra}>`;
      default:
        return `<input type="${chance(0.2) ? 'email' : 'text'}" data-truth="${truth}"${extra}>`;
    }
  };

  /** One field, named by `style` with `text`. */
  const field = (truth: PopTruth, text: string | null, style: Style): string => {
    const box = truth === 'leaveCopy' || truth === 'ssl' || truth === 'label' || truth === 'archive';
    const after = box && chance(0.5) ? ` <a href="#lm">${LEARN_MORE[lang]}</a>` : '';
    if (text === null) return wrap(`${control(truth)}${after}`);
    const t = esc(text);
    switch (style) {
      case 'for': {
        const i = id();
        const lab = `<label for="${i}">${t}</label>`;
        return box ? wrap(`${control(truth, ` id="${i}"`)}${lab}${after}`) : wrap(`${wrap(lab)}${wrap(control(truth, ` id="${i}"`))}`);
      }
      case 'wrap':
        return wrap(
          box ? `<label>${control(truth)}<span>${t}</span></label>${after}` : `<label><span>${t}</span> ${control(truth)}</label>`,
        );
      case 'cell':
        return box
          ? `<table><tbody><tr><td>${control(truth)}</td><td>${t}${after}</td></tr></tbody></table>`
          : `<table><tbody><tr><td><div>${t}</div></td><td>${wrap(control(truth))}</td></tr></tbody></table>`;
      case 'aria':
        return wrap(control(truth, ` aria-label="${t}"`) + after);
      case 'labelledby': {
        const i = id();
        return wrap(`<span id="${i}">${t}</span>${wrap(control(truth, ` aria-labelledby="${i}"`))}${after}`);
      }
      case 'adjacent':
        return wrap(`${control(truth)}${t}${after}`);
    }
  };

  const texts: PopTruth[] = ['username', 'password', 'server', 'port'];
  let boxes: PopTruth[] = ['leaveCopy', 'ssl', 'label', 'archive'];
  if (chance(0.15)) {
    boxes = [...boxes].sort(() => next() - 0.5);
    notes.push(`boxes ${boxes.join(',')}`);
  }
  let present: PopTruth[] = [...texts, ...boxes, 'labelSelect'];
  if (chance(0.2)) {
    const gone = pick(present);
    present = present.filter((p) => p !== gone);
    notes.push(`omitted ${gone}`);
  }
  // Now and then one checkbox says nothing readable: only Gmail's order may place it.
  const silent = chance(0.15) ? pick(boxes) : null;
  if (silent) notes.push(`unnamed ${silent}`);

  const parts: string[] = [];
  for (const truth of present) {
    if (truth === 'labelSelect') continue;
    const box = boxes.includes(truth);
    const style: Style = box
      ? pick(['for', 'wrap', 'cell', 'aria', 'labelledby', 'adjacent'])
      : pick(['for', 'wrap', 'cell', 'aria', 'labelledby']);
    const text = truth === silent ? null : pick(POP_WORDINGS[truth as Worded][lang]);
    notes.push(`${truth}:${style}:${text ?? '-'}`);
    // Gmail shows the label select right after the label box and its text.
    const select = truth === 'label' && present.includes('labelSelect') ? ` ${control('labelSelect')}` : '';
    // Each field has a block of its own (a row of the form), however deeply wrapped.
    const block = pick(['div', 'li', 'section', 'div']);
    parts.push(`<${block}>${field(truth, text, style)}${select}</${block}>`);
  }
  if (present.includes('labelSelect') && !present.includes('label')) parts.push(wrap(control('labelSelect')));

  // Optional parts, in random places.
  const extras: string[] = [];
  if (chance(0.5))
    extras.push(wrap(`<p>${lang === 'en' ? 'Enter the mail settings for me@example.com.' : '輸入 me@example.com 的郵件設定。'}</p>`));
  if (chance(0.4)) extras.push(wrap(`<input type="text" aria-label="${lang === 'en' ? 'Search mail' : '搜尋郵件'}">`));
  if (chance(0.3)) extras.push(wrap(`<label>${lang === 'en' ? 'Note' : '備註'} <input type="text"></label>`));
  if (chance(0.4)) extras.push(`<input type="hidden" name="server" value="x">`);
  if (chance(0.4)) extras.push(`<div hidden><label>${esc(pick(POP_WORDINGS.username[lang]))} <input type="text"></label></div>`);
  if (chance(0.4)) extras.push(`<input type="text" style="display:none" aria-label="${esc(pick(POP_WORDINGS.server[lang]))}">`);
  if (chance(0.3))
    extras.push(`<div style="display: none"><label><input type="checkbox">${esc(pick(POP_WORDINGS.archive[lang]))}</label></div>`);
  if (chance(0.3)) extras.push(`<input type="password" hidden aria-label="${esc(pick(POP_WORDINGS.password[lang]))}">`);
  for (const x of extras) parts.splice(Math.floor(next() * (parts.length + 1)), 0, x);

  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"></head><body><form>${parts.join('\n')}<div><input type="submit" value="${ADD[lang]}"></div></form></body></html>`;
  return { html, present, notes };
}

// ─── Fixed pages: every step with every label reworded ─────────────────────────────────────────

const page = (lang: Lang, body: string): string =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Gmail</title></head><body>${body}</body></html>`;

/** Step 1 reworded: "Your email address" / 「您的電子郵件（例如 …）」. */
export const rewordedEmail = (lang: Lang): string =>
  page(
    lang,
    lang === 'en'
      ? `<form method="get" action="kind"><div><label for="e1">Your email address</label> <input id="e1" type="text" data-truth="address"></div><div><button type="submit">Next step</button></div></form>`
      : `<form method="get" action="kind"><table><tr><td>您的電子郵件（例如 name@example.com）：</td><td><input type="text" data-truth="address"></td></tr></table><div><button type="submit">下一步</button></div></form>`,
  );

/** Step 2 reworded. */
export const rewordedKind = (lang: Lang): string =>
  page(
    lang,
    lang === 'en'
      ? `<form method="get" action="pop"><label><input type="radio" name="k" value="g" checked> Connect the accounts using Gmailify</label><label><input type="radio" name="k" value="p" data-truth="pop"> Bring in mail from my other account (POP3)</label><p><input type="submit" value="Next »"></p></form>`
      : `<form method="get" action="pop"><div><input type="radio" name="k" value="g" checked>以 Gmailify 連結帳戶</div><div><input type="radio" name="k" value="p" data-truth="pop">匯入我其他帳戶的郵件（POP3）</div><p><button type="submit">下一步 »</button></p></form>`,
  );

/**
 * Step 3 reworded (the wording of the issue report in zh-TW: 「擷取郵件時,一律使用安全連線」,
 * 「封存內收郵件」), with Gmail's coupling of SSL and port. `variant` adds a part:
 * `missing` drops the port, `two-passwords` adds a second password box, `decoys` adds hidden
 * inputs that say the fields' words.
 */
export function rewordedPop(lang: Lang, variant: 'plain' | 'missing' | 'two-passwords' | 'decoys' = 'plain'): string {
  const W = (k: Worded): string => POP_WORDINGS[k][lang][lang === 'en' ? 2 : 1]!;
  const row = (label: string, ctl: string) => `<tr><td>${esc(label)}</td><td>${ctl}</td></tr>`;
  const decoys =
    variant === 'decoys'
      ? `<div hidden><label>${esc(W('server'))} <input type="text" name="d1"></label></div><input type="text" name="d2" style="display:none" aria-label="${esc(W('username'))}"><div style="display:none"><label><input type="checkbox" name="d3">${esc(W('leaveCopy'))}</label></div><input type="hidden" name="d4" value="pop.example.com">`
      : '';
  return page(
    lang,
    `<form method="post" action="sendas" id="pf"><table><tbody>
${row(W('username'), '<input type="text" name="u" data-truth="username" value="old">')}
${row(W('password'), '<input type="password" name="p" data-truth="password">')}
${variant === 'two-passwords' ? row(lang === 'en' ? 'Confirm password' : '確認密碼', '<input type="password" name="p2">') : ''}
${row(W('server'), '<input type="text" name="s" data-truth="server" value="pop.mail.au.edu.tw">')}
${variant === 'missing' ? '' : row(W('port'), '<select name="o" data-truth="port"><option>110</option><option>995</option></select>')}
</tbody></table>${decoys}
<div><input type="checkbox" name="c1" data-truth="leaveCopy">${esc(W('leaveCopy'))} <a href="#m">${LEARN_MORE[lang]}</a></div>
<div><input type="checkbox" name="c2" data-truth="ssl">${esc(W('ssl'))}</div>
<div><input type="checkbox" name="c3" data-truth="label">${esc(W('label'))} <select name="l" data-truth="labelSelect" disabled><option>Work</option><option value="Mail2000">Mail2000</option><option value="__new">${NEW_LABEL[lang]}</option></select></div>
<div><input type="checkbox" name="c4" data-truth="archive">${esc(W('archive'))}</div>
<div><button type="button" onclick="window.close()">${lang === 'en' ? 'Cancel' : '取消'}</button> <button type="submit">${ADD[lang]}</button></div>
</form>
<script>(function(){var f=document.getElementById('pf');var ssl=f.c2,port=f.o;if(port)ssl.addEventListener('click',function(){port.value=ssl.checked?'995':'110';});f.c3.addEventListener('change',function(){f.l.disabled=!f.c3.checked;});})();</script>`,
  );
}

/** Step 4 reworded. */
export const rewordedSendAs = (lang: Lang): string =>
  page(
    lang,
    lang === 'en'
      ? `<form method="get" action="done"><p>Do you also want to send mail as me@example.com?</p><label><input type="radio" name="w" value="y" checked data-truth="yes"> Yes, let me send as me@example.com</label><label><input type="radio" name="w" value="n" data-truth="no"> No, thanks</label><button type="submit">Next step »</button></form>`
      : `<form method="get" action="done"><p>要以 me@example.com 寄送郵件嗎？</p><div><input type="radio" name="w" value="y" checked data-truth="yes">是，以 me@example.com 寄送</div><div><input type="radio" name="w" value="n" data-truth="no">否，不用了</div><button type="submit">下一步 »</button></form>`,
  );
