/**
 * The forwarding assistant on a Mail2000 webmail, for the whole tab (run from its topmost frame of
 * the webmail's origin). It watches the frames (frames.ts) and, each time they settle, reads them
 * (reader.ts) and decides:
 *  - the auto-forward page: in the tab the Gmail panel opened, fill it (filler.ts), focus the save
 *    button (or the security-code / password field, which only the person types) and say what was
 *    filled; if it already forwards to this Gmail with a copy kept and no end date, say it is saved.
 *    In any other tab, fill nothing: audit what is there and offer to start from the Gmail panel;
 *  - the login page: say to log in (the password is never read or typed);
 *  - a page asking for the security code: focus it and say only the person can type it;
 *  - a menu: follow the link to the auto-forward page (navigation only, at most a few links);
 *  - nothing of that once the page has been quiet a while, or a page that never settles: say so,
 *    with the steps by hand and "Copy page structure". Never silent in the panel's tab.
 * The settings that were on the page are judged by the background (forward:audit) and shown.
 * Never presses save or confirm.
 */
import type { Translate } from '@/utils/i18n/translate';
import type { CopyText } from '@/utils/page/clipboard';
import type { Finding } from '@/utils/audit/schema';
import type { ForwardRead } from '@/utils/forward/schema';
import { MAIL2000_KNOWN } from '@/utils/mail2000/labels';
import { pageStructure } from '@/utils/page/structure';
import { saysWords, visibleText } from '@/utils/page/text';
import { sameOriginDocuments, watchFrames, WATCH_LIMITS } from './frames';
import { codeField, loginPassword, menuLinks, readForwardPage, readSettings, saysSaved, switchState, type ForwardPage } from './reader';
import { fillForward, type FillResult, type ForwardField } from './filler';
import { mountForwardNote, NOTE_TAG, type ForwardNote, type ForwardState, type ForwardStatus } from './note';

interface AssistantTiming {
  /** How long changes are gathered before the page is read again. */
  settleMs: number;
  /** A page that stays this long without change and without anything found is called unreadable. */
  quietMs: number;
  /** Readings of the page at most (each comes after a change). */
  maxScans: number;
  /** Menu links followed at most. */
  maxFollows: number;
  /** Frame loads before a page counts as one that never settles (frames.ts). */
  frameLoads: number;
}

const TIMING: AssistantTiming = { settleMs: 25, quietMs: 2500, maxScans: 300, maxFollows: 3, frameLoads: WATCH_LIMITS.frameLoads };

export interface AssistantDeps {
  /** The topmost window of the webmail's origin in this tab. */
  win: Window;
  t: Translate;
  now(): number;
  copy: CopyText;
  signal: AbortSignal;
  /** This tab's forwarding intent (null: the Gmail panel did not open it). */
  intent(): Promise<{ gmail: string; filled: boolean } | null>;
  /** The background's judgement of the settings read; null when it did not answer. */
  audit(read: ForwardRead): Promise<Finding[] | null>;
  progress(state: 'filled' | 'saved'): Promise<void>;
  /** "Test forwarding" after a save: the background opens our test page for the Gmail tab that opened this one. */
  openTest?(): Promise<void>;
  timing?: Partial<AssistantTiming>;
}

const ERROR_WORDS = [['錯誤'], ['不正確'], ['失敗'], ['error'], ['incorrect'], ['invalid'], ['failed'], ['wrong']];

/** The document a note about the whole tab goes in: the largest frame with a body of its own. */
const mainDocument = (docs: Document[]): Document => {
  const area = (d: Document): number => (d.documentElement.clientWidth || 1) * (d.documentElement.clientHeight || 1);
  const withBody = docs.filter((d) => d.body?.tagName === 'BODY');
  return withBody.sort((a, b) => area(b) - area(a))[0] ?? docs[0]!;
};

const buttonText = (b: HTMLElement | null): string =>
  !b ? '' : b.tagName === 'INPUT' ? (b as HTMLInputElement).value.trim() : visibleText(b) || b.getAttribute('aria-label') || '';

export async function runAssistant(deps: AssistantDeps): Promise<void> {
  const { t, win } = deps;
  const timing = { ...TIMING, ...deps.timing };
  const intent = await deps.intent().catch(() => null);
  if (deps.signal.aborted) return;
  const gmail = intent?.gmail ?? null;
  const site = win.location.hostname.toLowerCase();
  const watching = new AbortController();
  deps.signal.addEventListener('abort', () => watching.abort());

  let note: ForwardNote | null = null;
  let shown: ForwardState | null = null;
  let done = false;
  let filledHere = intent?.filled ?? false;
  /** Documents this assistant filled, with what their note says. */
  const filled = new WeakMap<Document, ForwardStatus>();
  /** Reads already sent to be judged, so a page re-read after each change is judged once. */
  const judged = new Map<string, Finding[] | null>();
  let scans = 0;
  let follows = 0;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;

  const show = (doc: Document, status: ForwardStatus): void => {
    if (deps.signal.aborted) return;
    if (note?.doc !== doc || !note.shown()) {
      note?.remove();
      note = mountForwardNote(doc, t, deps.copy);
    }
    note.show(status);
    shown = status.state;
  };
  const stop = (): void => {
    done = true;
    clearTimeout(settleTimer);
    clearTimeout(quietTimer);
    watching.abort();
  };
  deps.signal.addEventListener('abort', () => {
    stop();
    note?.remove();
  });

  const manual = () =>
    gmail
      ? [
          { key: 'enable', name: t('fwd_field_enable'), value: t('wiz_on') },
          { key: 'target', name: t('fwd_field_target'), value: gmail },
          { key: 'keepCopy', name: t('fwd_field_keep'), value: t('wiz_on') },
          { key: 'limit', name: t('fwd_field_limit'), value: t('wiz_off') },
        ]
      : [];
  const structure = (): string =>
    sameOriginDocuments(win)
      .map((d) => `# ${d.location.pathname}\n${pageStructure(d.body ?? d.documentElement, { texts: MAIL2000_KNOWN, rows: true })}`)
      .join('\n');

  /** Sends `read` to be judged (once per distinct read) and shows the findings with `status` when they come. */
  const judge = (doc: Document, read: ForwardRead, status: () => ForwardStatus): void => {
    const key = JSON.stringify({ ...read, at: 0 });
    if (judged.has(key)) return show(doc, { ...status(), findings: judged.get(key)! });
    show(doc, status());
    judged.set(key, null);
    void deps.audit(read).then(
      (findings) => {
        judged.set(key, findings);
        if (note?.doc === doc) show(doc, { ...status(), findings });
      },
      () => {
        if (note?.doc === doc) show(doc, { ...status(), findings: null });
      },
    );
  };

  const unknown = (why: 'quiet' | 'changing'): void => {
    // A page that never settles is given up on in any tab; only the panel's tab is told.
    if (why === 'changing' && !gmail) return stop();
    if (!gmail || done) return;
    const docs = sameOriginDocuments(win);
    show(mainDocument(docs), {
      state: 'unknown',
      message: t('fwd_unknown'),
      details: [...(why === 'changing' ? [t('fwd_unknown_changing')] : []), t('fwd_steps_menu'), t('fwd_steps_save')],
      manual: manual(),
      structure,
    });
    if (why === 'changing') stop();
  };

  const fieldNames = (keys: readonly ForwardField[]): string =>
    keys
      .map((k) =>
        t(
          k === 'enable'
            ? 'fwd_field_enable'
            : k === 'target'
              ? 'fwd_field_target'
              : k === 'keepCopy'
                ? 'fwd_field_keep'
                : 'fwd_field_limit',
        ),
      )
      .join(t('wiz_list_sep'));

  const filledStatus = (page: ForwardPage, r: FillResult, error: boolean): ForwardStatus => {
    const save = buttonText(page.save) || t('fwd_save_generic');
    const details = [
      ...(r.applied.length ? [t('fwd_filled_list', fieldNames(r.applied))] : []),
      ...(r.kept.length ? [t('fwd_kept_list', fieldNames(r.kept))] : []),
      ...(r.targetsFull ? [t('fwd_targets_full', gmail!)] : []),
      ...(r.notApplied.filter((k) => k !== 'target' || !r.targetsFull).length
        ? [t('fwd_not_applied', fieldNames(r.notApplied.filter((k) => k !== 'target' || !r.targetsFull)))]
        : []),
      ...(error ? [t('fwd_page_error')] : []),
      ...(page.save ? [] : [t('fwd_no_save_button')]),
    ];
    return {
      state: page.code ? 'code' : 'filled',
      message: t(page.code ? 'fwd_code' : 'fwd_filled', save),
      details,
      manual: manual(),
    };
  };

  const saved = (doc: Document, read: ForwardRead | null): void => {
    stop();
    void deps.progress('saved').catch(() => undefined);
    const openTest = deps.openTest;
    const status = (): ForwardStatus => ({
      state: 'saved',
      message: t('fwd_saved', gmail!),
      details: [t('fwd_saved_next'), ...(openTest ? [t('fwd_test_explain')] : [])],
      ...(openTest ? { action: { testId: 'm2k-assistant-test', label: t('fwd_test'), run: openTest } } : {}),
    });
    if (read) judge(doc, read, status);
    else show(doc, status());
  };

  const onForwardPage = (page: ForwardPage): void => {
    const before = readSettings(page);
    const read: ForwardRead = { at: deps.now(), site, ...before };
    if (!gmail) {
      // Not the panel's tab: nothing is filled; what is there is checked, and the way to start is shown.
      judge(page.doc, read, () => ({ state: 'offer', message: t('fwd_offer') }));
      return;
    }
    // Filled by us already: its note stands (with its findings), whatever the page does next.
    if (filled.has(page.doc)) return;
    const error = filledHere && saysWords(visibleText(page.doc.body ?? page.doc.documentElement), ERROR_WORDS);
    const want = gmail.toLowerCase();
    const inPlace =
      before.enabled !== false &&
      before.targets.some((a) => a.toLowerCase() === want) &&
      before.keepCopy !== false &&
      before.endDate === null &&
      switchState(page.limit) !== true;
    if (inPlace && !error) return saved(page.doc, read);
    const result = fillForward(page, gmail);
    (page.code ?? page.save)?.focus();
    const status = filledStatus(page, result, error);
    filled.set(page.doc, status);
    filledHere = true;
    void deps.progress('filled').catch(() => undefined);
    // The findings are about what was on the page before the fill (the note says so).
    judge(page.doc, read, () => status);
  };

  const scan = (): void => {
    settleTimer = undefined;
    if (done || deps.signal.aborted) return;
    if (++scans > timing.maxScans) return unknown('changing');
    const docs = sameOriginDocuments(win);
    for (const doc of docs) {
      const page = readForwardPage(doc);
      if (page) return onForwardPage(page);
    }
    if (!gmail) return;
    for (const doc of docs) {
      if (loginPassword(doc)) return show(doc, { state: 'login', message: t('fwd_login', gmail) });
      const code = codeField(doc);
      if (code) {
        if (shown !== 'code') code.focus();
        return show(doc, { state: 'code', message: t('fwd_code_page') });
      }
      if (filledHere && saysSaved(doc)) return saved(doc, null);
    }
    if (follows < timing.maxFollows) {
      // A link to a page already open would only load it again: on a forwarding page it cannot
      // read, that reloads the page under the person's eyes, once per follow.
      const open = new Set(docs.map((d) => d.location.href));
      const notOpen = (e: HTMLElement): boolean => !(e.tagName === 'A' && open.has((e as HTMLAnchorElement).href));
      const links = docs.map(menuLinks);
      const next =
        links.flatMap((l) => l.entry).filter(notOpen)[0] ?? (follows === 0 ? links.flatMap((l) => l.parent).filter(notOpen)[0] : undefined);
      if (next) {
        follows++;
        // Navigation only: a link of the webmail's own menu, as a person would click it.
        next.click();
      }
    }
  };

  const changed = (): void => {
    if (done) return;
    settleTimer ??= setTimeout(scan, timing.settleMs);
    clearTimeout(quietTimer);
    quietTimer = setTimeout(() => {
      if (!done && shown !== 'filled' && shown !== 'code' && shown !== 'login') unknown('quiet');
    }, timing.quietMs);
  };

  watchFrames(win, changed, {
    signal: watching.signal,
    ownTag: NOTE_TAG,
    onLimit: () => unknown('changing'),
    limits: { frameLoads: timing.frameLoads, documents: 2 * timing.frameLoads },
  });
  changed();
}
