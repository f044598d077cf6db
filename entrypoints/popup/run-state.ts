/**
 * The popup's run as a reducer over the messages from the background: pure, so the rules
 * ("rows appear as running, each turns final as its result arrives, a failure state ends the run")
 * are tested without a browser.
 */
import type { Service } from '@/contract/mail2000';
import type { ServiceResult } from '@/contract/protocol';
import type { BackgroundToPage } from '@/utils/messaging/probe-port';
import type { HelperMissingReason, RunErrorReason } from '@/utils/messaging/run-port';

export interface RunState {
  phase: 'idle' | 'running' | 'done' | 'helper-missing' | 'error';
  host: string;
  services: Service[];
  results: Partial<Record<Service, ServiceResult>>;
  /** Set when the run was a credential test (only the outcome is kept, never the password). */
  credential: boolean;
  ms?: number;
  missing?: HelperMissingReason;
  error?: RunErrorReason;
  detail?: string;
  helperVersion?: string;
}

export const idle = (host: string): RunState => ({ phase: 'idle', host, services: [], results: {}, credential: false });

export const started = (host: string, services: Service[], credential: boolean): RunState => ({
  phase: 'running',
  host,
  services,
  results: {},
  credential,
});

export const reduce = (s: RunState, m: BackgroundToPage): RunState => {
  switch (m.type) {
    case 'started':
      return { ...s, helperVersion: m.helperVersion };
    case 'result':
      return {
        ...s,
        services: s.services.includes(m.result.service) ? s.services : [...s.services, m.result.service],
        results: { ...s.results, [m.result.service]: m.result },
      };
    case 'summary':
      return { ...s, phase: 'done', ms: m.ms };
    case 'helper-missing':
      return { ...s, phase: 'helper-missing', missing: m.reason, detail: m.detail };
    case 'error':
      return { ...s, phase: 'error', error: m.reason, detail: m.detail };
  }
};

export const resultsOf = (s: RunState): ServiceResult[] =>
  s.services.map((svc) => s.results[svc]).filter((r): r is ServiceResult => r !== undefined);
