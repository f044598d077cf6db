/**
 * Runs `work` once the page's first contentful paint has been presented, or after `fallbackMs` when
 * that cannot be observed (no paint timing, a hidden page). Work started in an ordinary effect runs
 * between painting the first frame and showing it, and on a busy machine it competes with the
 * compositor for the CPU: fetching and evaluating a chunk there delayed the popup's first paint
 * although the DOM was ready sooner (tests/bench/popup.bench.mjs, popup.first_render_over_blank_ms).
 */
export const afterFirstPaint = (work: () => void, fallbackMs = 200): (() => void) => {
  let pending = true;
  let observer: PerformanceObserver | undefined;
  const timer = setTimeout(() => run(), fallbackMs);
  const cancel = () => {
    pending = false;
    clearTimeout(timer);
    observer?.disconnect();
  };
  const run = () => {
    if (!pending) return;
    cancel();
    work();
  };
  try {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length) run();
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    // No paint timing here: the timer starts the work.
  }
  return cancel;
};
