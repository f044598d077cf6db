/**
 * What "Find my server" hands the form to fill and save: the server, the seven ports, SSL, and how
 * it was found. One shape for both sources (the helper's discovery, the known-sites table), so the
 * form saves either the same way and records which one it was.
 */
import type { DiscoverChoice } from '@/contract/discovery';
import { DEFAULT_PORTS, type Service } from '@/contract/mail2000';
import type { KnownSiteEntry } from '@/contract/known-sites';

/** The server, the seven ports, SSL (always: never plain text), and how it was found. */
export interface FoundServer {
  host: string;
  ports: Record<Service, number>;
  popPort: 995;
  how: 'helper' | 'known-site';
  source?: string;
}

/** Always SSL on 995: what a discovery proposes to Gmail is never plain text (helper/discover/rank.ts). */
export const choiceToFound = (c: DiscoverChoice): FoundServer => ({
  host: c.host,
  ports: { ...DEFAULT_PORTS, ...c.ports },
  popPort: 995,
  how: 'helper',
});

export const knownToFound = (k: KnownSiteEntry): FoundServer => ({
  host: k.host,
  ports: { ...DEFAULT_PORTS },
  popPort: 995,
  how: 'known-site',
  source: k.source,
});
