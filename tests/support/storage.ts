/**
 * An in-memory storage area with the observable behaviour of the browser's `storage.local`,
 * `storage.session` and `storage.sync`: values go in and come out as copies (JSON, as the browser
 * serialises them), `set` tells `onChanged` listeners the old and new values, and a `failing` area
 * rejects every call (storage full or broken). A stand-in because no browser runs in unit tests;
 * the browser tests use the real storage.
 */
import type { StorageChangeLike, StorageEventsLike } from '@/utils/profile/store';

type Listener = (changes: Record<string, StorageChangeLike>, areaName: string) => void;

const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

export function memoryArea(initial: Record<string, unknown> = {}, { failing = false, name = 'sync' } = {}) {
  const data = new Map<string, unknown>(Object.entries(copy(initial)));
  const listeners = new Set<Listener>();
  const check = () => {
    if (failing) throw new Error('storage broken');
  };
  const onChanged: StorageEventsLike = { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) };
  return {
    /** What is stored, for a test to look at or to plant a value the code must cope with. */
    data,
    listeners,
    onChanged,
    async get(key: string): Promise<Record<string, unknown>> {
      check();
      return data.has(key) ? { [key]: copy(data.get(key)) } : {};
    },
    async set(items: Record<string, unknown>): Promise<void> {
      check();
      const changes: Record<string, StorageChangeLike> = {};
      for (const [k, v] of Object.entries(items)) {
        changes[k] = { oldValue: data.get(k), newValue: copy(v) };
        data.set(k, copy(v));
      }
      for (const l of listeners) l(changes, name);
    },
    async remove(key: string): Promise<void> {
      check();
      data.delete(key);
    },
  };
}
