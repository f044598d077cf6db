/**
 * zod/mini ships without messages (every issue reads "Invalid input"). The host quotes the first
 * issue in its `bad-request` replies and the CLI prints it for bad usage, so both parts of the
 * program (built separately, see scripts/build-helper.mjs) import this once for English messages.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
