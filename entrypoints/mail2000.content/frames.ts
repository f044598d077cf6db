/**
 * The webmail is a frameset of same-origin pages whose frames load late and are replaced as the
 * person moves around. One copy of the content script runs in every frame (all_frames); the one in
 * the topmost frame of the webmail's origin walks the whole tree and does the work, the others stop
 * at once. It learns of changes by observing: each document's mutations and each frame's load
 * event. Never by polling, and within bounds: a page that keeps replacing its frames is given up
 * on (`onLimit`) rather than followed for ever.
 */

/** The topmost window of this tab on the same origin as `win` (the webmail's frameset), or `win` itself. */
export function coordinatorOf(win: Window): Window {
  let w = win;
  for (let i = 0; i < 10 && w.parent !== w; i++) {
    try {
      if (w.parent.location.origin !== win.location.origin) break;
    } catch {
      break;
    }
    w = w.parent;
  }
  return w;
}

/**
 * Every document of `win`'s origin in its frame tree, its own first; at most `max`, `depth` frames
 * deep. A frame of another origin gives no document (the browser says so: contentDocument is null).
 */
export function sameOriginDocuments(win: Window, max = 30, depth = 6): Document[] {
  const out: Document[] = [];
  const walk = (doc: Document, d: number): void => {
    if (out.length >= max || out.includes(doc)) return;
    out.push(doc);
    if (d >= depth) return;
    for (const frame of Array.from(doc.querySelectorAll<HTMLIFrameElement>('frame, iframe'))) {
      let child: Document | null = null;
      try {
        child = frame.contentDocument;
      } catch {
        child = null;
      }
      if (child && out.length < max) walk(child, d + 1);
    }
  };
  walk(win.document, 0);
  return out;
}

const FRAME_TAGS = new Set(['FRAME', 'IFRAME']);

interface WatchLimits {
  /** Frame loads before the page counts as one that never settles. */
  frameLoads: number;
  /** Documents observed in all (each frame navigation brings a new one). */
  documents: number;
}

export const WATCH_LIMITS: WatchLimits = { frameLoads: 60, documents: 120 };

/**
 * Calls `changed` on every change in any same-origin document of `win`'s tree (the caller
 * coalesces) and on every frame load, attaching to the new documents as they come. Our own UI's
 * changes (elements under `ownTag`) are not news. Stops on `signal`, and calls `onLimit` (once,
 * and stops) when the page goes past `limits`.
 */
export function watchFrames(
  win: Window,
  changed: () => void,
  opts: { signal: AbortSignal; ownTag: string; onLimit: () => void; limits?: WatchLimits },
): void {
  const limits = opts.limits ?? WATCH_LIMITS;
  const watched = new WeakSet<Document>();
  const observers: MutationObserver[] = [];
  let documents = 0;
  let loads = 0;
  let over = false;
  const own = opts.ownTag.toUpperCase();
  const ours = (n: Node): boolean => (n as Element).tagName === own;
  const isOwnRecord = (r: MutationRecord): boolean =>
    (r.target as Element).closest?.(opts.ownTag) != null ||
    (r.addedNodes.length + r.removedNodes.length > 0 && [...r.addedNodes, ...r.removedNodes].every(ours));

  const stop = (): void => {
    for (const o of observers) o.disconnect();
    observers.length = 0;
  };
  const limit = (): void => {
    if (over) return;
    over = true;
    stop();
    opts.onLimit();
  };
  const attach = (): void => {
    for (const doc of sameOriginDocuments(win)) {
      if (watched.has(doc) || over) continue;
      if (++documents > limits.documents) return limit();
      watched.add(doc);
      const observer = new MutationObserver((records) => {
        if (!records.every(isOwnRecord)) changed();
      });
      observer.observe(doc, { childList: true, subtree: true, characterData: true });
      observers.push(observer);
      // A frame's load event does not bubble, but a capturing listener on its document sees it.
      doc.addEventListener(
        'load',
        (e) => {
          if (over || !FRAME_TAGS.has((e.target as Element | null)?.tagName ?? '')) return;
          if (++loads > limits.frameLoads) return limit();
          attach();
          changed();
        },
        { capture: true, signal: opts.signal },
      );
    }
  };
  opts.signal.addEventListener('abort', stop);
  attach();
}
