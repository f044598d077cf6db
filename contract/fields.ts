/**
 * The smallest shared shapes (a service, a port, a host name), in a module of their own so that code
 * needing only these (the profile, in the content script) does not build the whole protocol.
 */
import * as z from 'zod/mini';
import { SERVICES } from './mail2000';
import { HOSTNAME_RE } from './limits';

export const ServiceSchema = z.enum(SERVICES);
export const PortSchema = z.int().check(z.minimum(1), z.maximum(65535));
export const HostnameSchema = z.string().check(z.minLength(1), z.maxLength(253), z.regex(HOSTNAME_RE, 'not a host name'));
