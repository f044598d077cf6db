/**
 * An in-memory storage area with the browser's get/set/remove shape, for the background's handlers
 * in unit tests (no browser runs there). Values are copied in and out, as the browser's storage does.
 */
import type { KeyValueArea } from '@/entrypoints/background/setup-intent';

export const memoryArea = (): KeyValueArea & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => (data.has(k) ? { [k]: structuredClone(data.get(k)) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (k) => void data.delete(k),
  };
};
