/**
 * Mail2000's password rules (個人設定 › 密碼設定), checked offline as the person
 * types. Nothing here stores or sends the password; the functions only look at the string given.
 *
 *   1. at least 8 characters            (密碼最少需要 8 個字元)
 *   2. contains a digit                  (密碼須包含數字)
 *   3. contains a non-alphanumeric symbol (密碼須包含非英數字之特殊符號)
 *   4. not the same as the account name  (密碼不能與使用者帳號相同)
 *   5. strength at least "medium"        (密碼強度至少為 <中>)
 *
 * Mail2000's own strength meter is not published, so "medium" is mapped onto zxcvbn's 0–4 score
 * (@zxcvbn-ts/core with the common dictionaries, the account name as a user input):
 *   score 0–1 = weak (弱): guessable within about 10^6 guesses (common words, keyboard runs, dates);
 *   score 2   = medium (中): about 10^6–10^8 guesses, safe against online guessing with rate limits;
 *   score 3–4 = strong (強): 10^8 guesses and more.
 * "At least medium" therefore means score ≥ 2 (MEDIUM_SCORE).
 */

export const MIN_LENGTH = 8;
export const MEDIUM_SCORE = 2;

export type RuleId = 'length' | 'digit' | 'symbol' | 'not-account' | 'strength';

export type Strength = 'weak' | 'medium' | 'strong';

/** `pending` while the strength estimator (a lazily loaded dictionary) is not ready yet. */
export interface RuleResult {
  id: RuleId;
  met: boolean | 'pending';
}

export const strengthOfScore = (score: number): Strength => (score >= 3 ? 'strong' : score >= MEDIUM_SCORE ? 'medium' : 'weak');

/** ASCII digits: Mail2000 checks plain digits, and full-width ones may not count there. */
const DIGIT = /[0-9]/;
/** Punctuation or symbol (Unicode P and S); letters of any script and spaces are not symbols. */
const SYMBOL = /[\p{P}\p{S}]/u;

/** The names a password must not equal: the username and the part of the address before @. */
export const accountNames = (account: { username?: string; address?: string }): string[] =>
  [account.username ?? '', (account.address ?? '').split('@')[0] ?? '', account.address ?? '']
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

export const checkPassword = (password: string, names: readonly string[], score: number | undefined): RuleResult[] => {
  const lower = password.toLowerCase();
  return [
    { id: 'length', met: [...password].length >= MIN_LENGTH },
    { id: 'digit', met: DIGIT.test(password) },
    { id: 'symbol', met: SYMBOL.test(password) },
    // Compared without case: a server that accepts "Alice" for account "alice" is not one to rely on.
    { id: 'not-account', met: password.length > 0 && !names.some((n) => n.toLowerCase() === lower) },
    { id: 'strength', met: password.length === 0 ? false : score === undefined ? 'pending' : score >= MEDIUM_SCORE },
  ];
};

export const allMet = (rules: readonly RuleResult[]): boolean => rules.every((r) => r.met === true);

export type Scorer = (password: string, userInputs: string[]) => number;

let scorer: Promise<Scorer> | undefined;

/**
 * zxcvbn with the common password list and keyboard graphs. The dictionaries are a few hundred KB,
 * so they are imported on first use and land in their own chunk, not in the page's first paint.
 */
export const loadScorer = (): Promise<Scorer> =>
  (scorer ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(([core, common]) => {
    core.zxcvbnOptions.setOptions({
      dictionary: { ...common.dictionary },
      graphs: common.adjacencyGraphs,
    });
    return (password: string, userInputs: string[]) => core.zxcvbn(password, userInputs).score;
  }));
