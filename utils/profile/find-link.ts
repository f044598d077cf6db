/**
 * How a page asks the options page to run "Find my server" for an address: `#find=<address>` in
 * its URL (the Gmail panel's "Use these settings" opens it so). Written and read here only.
 */
import { MAX_ADDRESS_CHARS } from '../audit/schema';

const PREFIX = '#find=';

export const findHash = (address: string): string => `${PREFIX}${encodeURIComponent(address)}`;

/** The address a `#find=` hash carries, trimmed; null for any other hash or one that does not decode. */
export function addressFromHash(hash: string): string | null {
  if (!hash.startsWith(PREFIX)) return null;
  try {
    const address = decodeURIComponent(hash.slice(PREFIX.length)).trim();
    return address.length > 0 && address.length <= MAX_ADDRESS_CHARS ? address : null;
  } catch {
    return null;
  }
}
