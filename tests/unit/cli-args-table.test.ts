// The human table of `m2k-probe check` in both languages, from a report shaped like the engine's.
import { describe, expect, it } from 'vitest';
import { renderReport } from '@/helper/cli/table';
import { displayWidth } from '@/helper/cli/lang';
import { ProbeReportSchema } from '@/contract/protocol';

const report = ProbeReportSchema.parse({
  host: 'mail.au.edu.tw',
  ms: 812.4,
  results: [
    {
      service: 'smtp',
      port: 25,
      ok: false,
      ms: 800,
      stages: [
        { name: 'dns', ok: true, ms: 3 },
        { name: 'tcp', ok: false, ms: 797, code: 'ETIMEDOUT' },
      ],
      hint: { code: 'ETIMEDOUT', en: 'Port 25 is often blocked.', zh_TW: '連接埠 25 常被封鎖。' },
    },
    {
      service: 'pop3s',
      port: 995,
      ok: true,
      ms: 120.6,
      stages: [
        { name: 'dns', ok: true, ms: 3 },
        { name: 'tcp', ok: true, ms: 10 },
        { name: 'tls', ok: true, ms: 50 },
      ],
      tls: { trusted: true, nameMatches: true, daysLeft: 88, san: [] },
      warnings: [{ code: 'EXPIRES_SOON', en: 'Certificate expires in 88 days.', zh_TW: '憑證 88 天後到期。' }],
      auth: 'accepted',
    },
    {
      service: 'imaps',
      port: 993,
      ok: false,
      ms: 40,
      stages: [{ name: 'tls', ok: false, ms: 40, code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }],
      tls: { trusted: false, nameMatches: true, san: [], error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      hint: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', en: 'Self-signed certificate.', zh_TW: '自簽憑證。' },
    },
  ],
});

describe('renderReport', () => {
  it('prints an English table in service order with failures, hints and notes', () => {
    const out = renderReport(report, 'en');
    const lines = out.split('\n');
    expect(lines[0]).toBe('mail.au.edu.tw: 1 of 3 services passed in 812 ms');
    expect(lines[2]).toMatch(/^Service\s+Port\s+Result\s+Time\s+Failed at\s+Certificate \/ login$/);
    expect(lines[4]).toMatch(/^pop3s\s+995\s+OK\s+121 ms\s+trusted, 88 days left; login accepted$/);
    expect(lines[5]).toMatch(/^imaps\s+993\s+FAIL\s+40 ms\s+TLS DEPTH_ZERO_SELF_SIGNED_CERT\s+NOT trusted: DEPTH_ZERO_SELF_SIGNED_CERT$/);
    expect(lines[6]).toMatch(/^smtp\s+25\s+FAIL\s+800 ms\s+TCP ETIMEDOUT$/);
    expect(out).toContain('What to check:\n  imaps (993): Self-signed certificate.\n  smtp (25): Port 25 is often blocked.');
    expect(out).toContain('Notes:\n  pop3s (995): Certificate expires in 88 days.');
  });
  it('prints a Traditional Chinese table whose columns line up on screen', () => {
    const out = renderReport(report, 'zh-TW');
    const lines = out.split('\n');
    expect(lines[0]).toBe('mail.au.edu.tw：3 項服務中 1 項正常，共 812 毫秒');
    expect(lines[2]).toMatch(/^服務\s+連接埠\s+結果\s+時間\s+失敗階段\s+憑證／登入$/);
    expect(out).toContain('受信任，剩 88 天；'.replace('；', '; ') + '登入成功');
    expect(out).toContain('請檢查：\n  imaps (993): 自簽憑證。');
    expect(out).toContain('注意：\n  pop3s (995): 憑證 88 天後到期。');
    // The "Result" column starts at the same screen column on the heading and on every row.
    const col = (line: string, cell: string) => displayWidth(line.slice(0, line.indexOf(cell)));
    expect(col(lines[4]!, '正常')).toBe(col(lines[2]!, '結果'));
    expect(col(lines[5]!, '失敗')).toBe(col(lines[2]!, '結果'));
  });
  it('prints each note once, as the engine reports a passing service (its hint is its first warning)', () => {
    const warn = { code: 'CERT_EXPIRING', en: "The server's certificate expires in 19 days.", zh_TW: '伺服器憑證 19 天後到期。' };
    const other = { code: 'POP3_NO_UIDL', en: 'No UIDL.', zh_TW: '沒有 UIDL。' };
    const r = ProbeReportSchema.parse({
      host: 'localhost',
      ms: 50,
      results: [
        { service: 'pop3', port: 12110, ok: true, ms: 20, stages: [{ name: 'tcp', ok: true, ms: 1 }], hint: warn, warnings: [warn, other] },
        { service: 'imap', port: 12143, ok: true, ms: 20, stages: [{ name: 'tcp', ok: true, ms: 1 }], hint: warn, warnings: [warn] },
      ],
    });
    for (const lang of ['en', 'zh-TW'] as const) {
      const out = renderReport(r, lang);
      const text = lang === 'en' ? warn.en : warn.zh_TW;
      expect(out.split(`pop3 (12110): ${text}`).length - 1, lang).toBe(1);
      expect(out.split(`imap (12143): ${text}`).length - 1, lang).toBe(1);
      expect(out).toContain(`pop3 (12110): ${lang === 'en' ? other.en : other.zh_TW}`);
    }
  });
});
