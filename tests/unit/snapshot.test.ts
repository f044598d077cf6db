// @vitest-environment happy-dom
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotStructure } from '@/utils/gmail/snapshot';
import { scrub } from '@/utils/page/structure';
import { GMAIL_FIXTURES, parseFixture, readFixture } from '../support/gmail/fixtures';

/** Every piece of the person's data a fixture holds: input values, option texts that are not ports, addresses. */
function privateBits(doc: Document, html: string): string[] {
  const bits = new Set<string>();
  for (const i of Array.from(doc.querySelectorAll('input'))) {
    if (/^(submit|button)$/i.test(i.type)) continue;
    const v = i.getAttribute('value');
    if (v && v.length >= 3) bits.add(v);
    const ph = i.getAttribute('placeholder');
    if (ph && /\w{3}/.test(ph)) bits.add(ph);
  }
  for (const o of Array.from(doc.querySelectorAll('option'))) {
    const t = o.textContent!.trim();
    if (!/^\d+$/.test(t) && !/new label|新增標籤/i.test(t)) bits.add(t);
  }
  for (const m of html.matchAll(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)) bits.add(m[0]);
  bits.add('mail.au.edu.tw');
  return [...bits];
}

const fixtures = readdirSync(GMAIL_FIXTURES).filter((f) => f.endsWith('.html'));

describe('snapshotStructure', () => {
  it('has fixtures to look at', () => expect(fixtures.length).toBeGreaterThanOrEqual(12));

  for (const file of fixtures) {
    it(`${file}: no value, option name or address leaks`, () => {
      const html = readFixture(file);
      const doc = parseFixture(file);
      const snap = snapshotStructure(doc.body);
      expect(snap.length).toBeGreaterThan(20);
      const bits = privateBits(doc, html);
      for (const bit of bits) expect(snap, `leaks ${JSON.stringify(bit)}`).not.toContain(bit);
    });
  }

  it('keeps what helps: tags, input types, label texts, the port options', () => {
    const snap = snapshotStructure(parseFixture('wizard-3-pop.en.html').body);
    expect(snap).toContain('input[type=password] label-for="Password:"');
    expect(snap).toContain('select options=2 ["110","995"] label-for="Port:"');
    expect(snap).toContain('label-for="POP Server:"');
    expect(snap).toMatch(/select options=3 \["New label…"\] disabled/);
    expect(snap).toContain('"Add Account »"');
    expect(snap).toContain('aria="Search mail"');
    expect(snap).not.toContain('AGx2');
    // The heading names the account: only its shape stays.
    expect(snap).toMatch(/#text\(\d+\)/);
  });

  it('zh-TW labels in a neighbouring cell', () => {
    const snap = snapshotStructure(parseFixture('wizard-3-pop.zh-TW.html').body);
    expect(snap).toContain('input[type=text] cell="POP 伺服器 ："');
    expect(snap).toContain('input[type=checkbox] adjacent="在伺服器上保留已擷取郵件的副本。 瞭解詳情"');
  });

  it('shows no text merely because it contains or starts with a short known word', () => {
    const doc = parseFixture('wizard-4-sendas.en.html');
    const p = doc.createElement('p');
    p.textContent = 'No reply needed: the dean approved your leave';
    const q = doc.createElement('p');
    q.textContent = 'Meeting moved, next week instead';
    doc.body.append(p, q);
    const snap = snapshotStructure(doc.body);
    expect(snap).not.toContain('dean');
    expect(snap).not.toContain('Meeting');
    expect(snap).toContain('"No"');
    expect(snap).toContain('"Would you like to be able to send mail as ‹address›?"');
  });

  it('scrubs addresses, host names and long numbers out of known texts', () => {
    expect(scrub('Would you like to be able to send mail as s1234567@mail.au.edu.tw?')).toBe(
      'Would you like to be able to send mail as ‹address›?',
    );
    expect(scrub('Server pop.example.org port 12345')).toBe('Server ‹host› port ‹n›');
  });
});
