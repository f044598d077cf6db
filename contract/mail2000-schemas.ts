/**
 * What the seed (a university's Mail2000 slides) tells us about the server. Every default in the
 * project that concerns the mail server comes from here, so another Mail2000 site changes one file.
 * The plain constants live in mail2000-facts.ts (zod-free, for size-bound pages); the schemas here.
 */
import { z } from 'zod';
import { SERVICES } from './mail2000';

export * from './mail2000';

export const ServiceSchema = z.enum(SERVICES);

export const PortSchema = z.number().int().min(1).max(65535);
