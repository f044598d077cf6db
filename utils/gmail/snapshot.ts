/** "Copy page structure" on Gmail's pages (utils/page/structure.ts), with Gmail's known texts. */
import { pageStructure } from '../page/structure';
import { ACCOUNTS_TEXTS, WIZARD_TEXTS } from './labels';

const GMAIL_KNOWN = { texts: [...Object.values(WIZARD_TEXTS), ...Object.values(ACCOUNTS_TEXTS)], options: WIZARD_TEXTS.newLabel };

export const snapshotStructure = (root: Element): string => pageStructure(root, GMAIL_KNOWN);
