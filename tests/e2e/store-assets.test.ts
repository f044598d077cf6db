// What the two stores need from the built extension and the repository: an icon in every size in
// both manifests (rendered by the build from one SVG), the privacy policy in both languages linked
// from the options page and the README, listing texts that explain every permission the manifests
// ask for, and 1280×800 store screenshots in both languages (`npm run screenshots`).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { releasePageUrl } from '@/contract/release';

const root = path.resolve(__dirname, '../..');
const out = path.resolve(root, process.env.M2K_OUT ?? '.output');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe.each(['chrome-mv3', 'firefox-mv3'])('%s build', (dir) => {
  const manifest = JSON.parse(readFileSync(path.join(out, dir, 'manifest.json'), 'utf8'));
  it('has an icon of 16, 32, 48 and 128 pixels, each the size it claims', () => {
    expect(Object.keys(manifest.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(manifest.icons as Record<string, string>)) {
      expect(pngSize(path.join(out, dir, file))).toEqual([Number(size), Number(size)]);
    }
  });
});

describe('store texts and policy', () => {
  const permissions = JSON.parse(readFileSync(path.join(out, 'chrome-mv3', 'manifest.json'), 'utf8')).permissions as string[];
  it('the icon comes from one SVG drawing in the repository', () => {
    expect(readFileSync(path.join(root, 'assets/icon.svg'), 'utf8')).toMatch(/^<svg[^>]+viewBox="0 0 128 128"/);
  });

  it('docs/privacy.md in zh-TW and en, linked from the README and (as published) from the options page', () => {
    const policy = readFileSync(path.join(root, 'docs/privacy.md'), 'utf8');
    expect(policy).toContain('## 中文');
    expect(policy).toContain('## English');
    for (const where of ['storage.sync', 'IndexedDB', 'storage.local', 'config.json']) expect(policy).toContain(where);
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('(docs/privacy.md)');
    const options = readdirSync(path.join(out, 'chrome-mv3', 'chunks'))
      .map((f) => readFileSync(path.join(out, 'chrome-mv3', 'chunks', f), 'utf8'))
      .join('\n');
    expect(options).toContain(`${releasePageUrl(pkg.repository).replace(/\/releases\/latest$/, '')}/blob/main/docs/privacy.md`);
  });

  it.each(['en', 'zh-TW'])('listing.%s.md names the extension and explains every permission the manifest asks for', (lang) => {
    const text = readFileSync(path.join(root, `docs/store/listing.${lang}.md`), 'utf8');
    expect(text).toContain('Mail2000 Gmail Bridge');
    for (const p of [...permissions, 'https://mail.google.com/*']) expect(text, p).toContain(`\`${p}\``);
    const short = /\*\*(?:Short description|簡短說明)[^\n]*\n(.+)/.exec(text)?.[1] ?? '';
    expect(short.length).toBeGreaterThan(20);
    expect(short.length).toBeLessThanOrEqual(132);
  });

  it('store screenshots are 1280×800, the same set in both languages', () => {
    const shots = readdirSync(path.join(root, 'docs/screenshots')).filter((f) => f.startsWith('store-'));
    const en = shots.filter((f) => f.endsWith('.en.png')).map((f) => f.replace('.en.png', ''));
    const zh = shots.filter((f) => f.endsWith('.zh-TW.png')).map((f) => f.replace('.zh-TW.png', ''));
    expect(en.length).toBeGreaterThanOrEqual(3);
    expect(zh.sort()).toEqual(en.sort());
    for (const f of shots) expect(pngSize(path.join(root, 'docs/screenshots', f)), f).toEqual([1280, 800]);
  });

  it('nothing in the repository tells people to run npx m2k-probe', () => {
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (['node_modules', '.git', 'dist', 'release', '.wxt'].includes(e.name) || e.name.startsWith('.output')) continue;
        const f = path.join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (
          /\.(ts|tsx|mjs|js|json|md|html)$/.test(e.name) &&
          !f.endsWith('store-assets.test.ts') &&
          readFileSync(f, 'utf8').includes('npx m2k-probe')
        )
          hits.push(path.relative(root, f));
      }
    };
    walk(root);
    expect(existsSync(path.join(root, 'README.md'))).toBe(true);
    expect(hits).toEqual([]);
  });
});
