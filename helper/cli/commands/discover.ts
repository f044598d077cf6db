/** `m2k-probe discover ADDRESS`: find the school's Mail2000 server from an address. */
import { runDiscovery } from '../../discover/discover';
import { makeResolver } from '../../discover/resolve';
import { isDiscoverableDomain } from '../../discover/candidates';
import { UsageError, type Command } from '../args';
import { renderDiscovery } from '../discover-table';
import { readCa, type CommandContext } from '../io';

/** Exit status 0 when a server was found, 1 when none answered. */
export async function discover(c: Extract<Command, { cmd: 'discover' }>, { io, lang }: CommandContext): Promise<number> {
  if (!isDiscoverableDomain(c.domain))
    throw new UsageError(`ADDRESS: ${c.domain} is not one organisation's domain (a name like school.edu.tw)`);
  const ca = c.ca ? readCa(c.ca) : undefined;
  const report = await (io.discover ?? runDiscovery)(
    { domain: c.domain, ports: c.ports, timeoutMs: c.timeoutMs, ca },
    undefined,
    undefined,
    {
      resolver: makeResolver(c.dns),
      allowLoopback: io.env.M2K_PROBE_ALLOW_LOOPBACK === '1',
    },
  );
  io.stdout.write(c.json ? JSON.stringify(report, null, 2) + '\n' : renderDiscovery(report, lang));
  return report.best ? 0 : 1;
}
