/** A forwarding test's outcomes, zod-free: the popup's first paint reads them (docs/architecture.md, "Budgets"). */

/**
 * How a test ended:
 * - `arrived`: the Gmail tab saw the token in its inbox's feed;
 * - `not-arrived`: it looked until the limit and did not;
 * - `confirmed-arrived` / `confirmed-missing`: the feed could not be read, and the person said;
 * - `not-sent`: the helper could not send and nothing was sent by hand.
 */
export const TEST_OUTCOMES = ['arrived', 'not-arrived', 'confirmed-arrived', 'confirmed-missing', 'not-sent'] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

/** Whether a test proves the forward works. */
export const verified = (outcome: TestOutcome): boolean => outcome === 'arrived' || outcome === 'confirmed-arrived';
