/**
 * The content script on mail.google.com: a mark that it runs, and the route follower
 * (follow.ts), which loads the settings code (gmail-settings.js) only where it is needed.
 */
import { browser } from 'wxt/browser';
import { loadSettingsChunk } from '@/utils/gmail/settings-chunk';
import { followGmail } from './follow';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    // A visible mark that the script runs at all: the Firefox smoke test and support questions use it.
    document.documentElement.dataset.m2kLoaded = '1';
    followGmail(ctx, () => loadSettingsChunk((path) => browser.runtime.getURL(path)));
  },
});
