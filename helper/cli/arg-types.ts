/** Argument shapes more than one command takes (check, discover, send-test). */
import * as z from 'zod/mini';
import { PortSchema } from '@/contract/protocol';

/** `--pop3 PORT` and the like: digits, then a port number. */
export const PortArg = z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,5}$/, 'must be a number')), z.transform(Number)), PortSchema);

/** `--dns IP[:PORT]`: a DNS server to ask instead of the system's. */
export const DnsArg = z
  .string()
  .check(z.regex(/^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/, 'must be an IP address, optionally with :PORT'));
