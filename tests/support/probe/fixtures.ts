/** The probe reports in tests/fixtures/probe (`--json` output as the popup, report and screenshots see it), as parsed JSON. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A string, not `new URL`: happy-dom replaces the global URL in DOM tests.
const PROBE_FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/probe');

export type ProbeFixture = 'all-ok' | '995-blocked' | 'cert-expired' | 'warnings';

/** The fixture as it is in the file (validate it with ProbeReportSchema where the test needs the shape). */
export const probeFixture = (name: ProbeFixture): { host: string; ms: number; results: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(resolve(PROBE_FIXTURES, `${name}.json`), 'utf8'));
