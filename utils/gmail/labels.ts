/**
 * THE table of Gmail's visible texts (English and Traditional Chinese) that the content script
 * matches against. Gmail's ids and classes are obfuscated; what a person reads is the stable part.
 * Everything here is compared after `normalizeText` (utils/gmail/text.ts), so write entries in
 * plain lower case without trailing colons or «» arrows. Add a language or a variant by adding a
 * string: nothing else needs to change.
 *
 * Sections:
 *   WIZARD_TEXTS   — the "Add a mail account" wizard (steps 1–4), owned by the wizard work (c1)
 *   ACCOUNTS_TEXTS — Settings › Accounts and Import (rows, links), owned by the panel work (c2)
 */

/** A set of ways Gmail may word one thing, in any of the languages it is shown in. */
export type TextVariants = readonly string[];

// ─── Wizard ("Add a mail account" window) ──────────────────────────────────────────────────────
// zh-TW: the seed confirms 在伺服器上保留已擷取郵件的副本 and 將外來郵件標示為; the others are
// Gmail's usual zh-TW wording as best known, backed by structural detection in the locator.
export const WIZARD_TEXTS = {} as const;

// ─── Accounts and Import page (panel, c2) ──────────────────────────────────────────────────────
export const ACCOUNTS_TEXTS = {} as const;
