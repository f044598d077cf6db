/**
 * From probe results to ranked choices with their reasons. Each criterion outweighs every one
 * below it together, so the reasons read in the order they counted:
 * POP3 answers (Gmail fetches only POP3) > TLS on connect, or STARTTLS that works > a trusted
 * certificate that names the host > UIDL (needed to leave a copy) > a Mail2000 greeting > a name
 * in the address's own domain; the number of services that answered breaks ties.
 */
import { DEFAULT_PORTS, SERVICES, SERVICE_TLS, isMail2000Banner, type Service } from '@/contract/mail2000';
import type { ServiceResult } from '@/contract/protocol';
import type { DiscoverCandidate, DiscoverChoice, DiscoverReason, ReasonCode, ServiceFacts } from '@/contract/discovery';
import { inDomain } from './candidates';

export const WEIGHTS = { pop: 64, implicit: 32, starttls: 24, cert: 16, uidl: 8, mail2000: 4, ownDomain: 2 } as const;

export function factsOf(r: ServiceResult): ServiceFacts {
  const answered = r.stages.some((s) => s.name === 'greeting' && s.ok);
  const implicit = SERVICE_TLS[r.service] === 'implicit';
  const upgraded = !implicit && r.tls !== undefined && r.stages.some((s) => s.name === 'starttls');
  const tls = implicit && r.tls ? 'implicit' : upgraded ? 'starttls' : 'none';
  const failed = r.stages.find((s) => !s.ok);
  return {
    service: r.service,
    port: r.port,
    ok: r.ok,
    answered,
    tls,
    certOk: tls !== 'none' && !!r.tls?.trusted && !!r.tls?.nameMatches,
    ...(r.service === 'pop3' || r.service === 'pop3s' ? { uidl: !!r.capabilities?.some((c) => /^UIDL\b/i.test(c)) } : {}),
    mail2000: isMail2000Banner(r.greeting),
    ...(failed?.code ? { code: failed.code.slice(0, 64) } : {}),
  };
}

const popScore = (f: ServiceFacts): number =>
  (f.tls === 'implicit' ? WEIGHTS.implicit : f.tls === 'starttls' ? WEIGHTS.starttls : 0) +
  (f.certOk ? WEIGHTS.cert : 0) +
  (f.uidl ? WEIGHTS.uidl : 0);

type Say = { en: string; zh_TW: string };
const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

const TEXT: Record<ReasonCode, Say> = {
  'tls-implicit': { en: 'POP3 encrypts from the first byte (SSL on port {port})', zh_TW: 'POP3 一連線就加密（SSL，連接埠 {port}）' },
  'tls-starttls': {
    en: 'POP3 on port {port} upgrades to TLS with STLS (Gmail offers only SSL on 995 or no SSL on 110)',
    zh_TW: 'POP3 連接埠 {port} 可用 STLS 升級為加密（Gmail 只提供 995 的 SSL 或 110 不加密）',
  },
  'tls-none': { en: 'POP3 is not encrypted (port {port})', zh_TW: 'POP3 沒有加密（連接埠 {port}）' },
  'cert-ok': { en: 'its certificate is trusted and names {host}', zh_TW: '憑證受信任，且名稱符合 {host}' },
  'cert-bad': { en: 'its certificate is not accepted ({error})', zh_TW: '憑證不被接受（{error}）' },
  uidl: { en: 'it supports UIDL, so "leave a copy on the server" works', zh_TW: '支援 UIDL，「在伺服器上保留副本」可正常運作' },
  'no-uidl': {
    en: 'no UIDL: "leave a copy on the server" would fetch the same mail again',
    zh_TW: '不支援 UIDL：「在伺服器上保留副本」會重複收到同樣的信',
  },
  mail2000: { en: 'it greets like Mail2000 ("{banner}")', zh_TW: '問候訊息是 Mail2000（「{banner}」）' },
  'own-domain': { en: "{host} belongs to your address's domain {domain}", zh_TW: '{host} 屬於您地址的網域 {domain}' },
  'other-domain': { en: "{host} is outside your address's domain {domain}", zh_TW: '{host} 不在您地址的網域 {domain} 之內' },
  'no-pop': {
    en: 'POP3 did not answer on {pop3} or {pop3s} (Gmail fetches mail only over POP3)',
    zh_TW: 'POP3 在 {pop3} 與 {pop3s} 都沒有回應（Gmail 只能用 POP3 收信）',
  },
  services: { en: '{n} of {total} services answered: {list}', zh_TW: '{total} 項服務中有 {n} 項回應：{list}' },
};

function reason(code: ReasonCode, good: boolean, v: Record<string, string | number>): DiscoverReason {
  const t = TEXT[code];
  return { code, good, en: fill(t.en, v).slice(0, 400), zh_TW: fill(t.zh_TW, v).slice(0, 400) };
}

export interface Probed {
  candidate: DiscoverCandidate;
  ports: Record<Service, number>;
  results: ServiceResult[];
}

/** Ranks the candidates where something answered; the others are left out. */
export function rankChoices(domain: string, probed: readonly Probed[]): DiscoverChoice[] {
  const scored = probed.flatMap((p, order) => {
    const facts = SERVICES.flatMap((s) => {
      const r = p.results.find((x) => x.service === s);
      return r ? [factsOf(r)] : [];
    });
    const answered = facts.filter((f) => f.answered);
    if (!answered.length) return [];
    const host = p.candidate.host;
    const reasons: DiscoverReason[] = [];
    const pops = answered
      .filter((f) => f.service === 'pop3' || f.service === 'pop3s')
      .sort((a, b) => popScore(b) - popScore(a) || (a.service === 'pop3s' ? -1 : 1));
    const pop = pops[0];
    const result = (f: ServiceFacts) => p.results.find((r) => r.service === f.service);
    let score = 0;
    if (pop) {
      score += WEIGHTS.pop + popScore(pop);
      const code = pop.tls === 'implicit' ? 'tls-implicit' : pop.tls === 'starttls' ? 'tls-starttls' : 'tls-none';
      reasons.push(reason(code, pop.tls !== 'none', { port: pop.port }));
      if (pop.tls !== 'none') {
        const tls = result(pop)?.tls;
        reasons.push(
          pop.certOk
            ? reason('cert-ok', true, { host })
            : reason('cert-bad', false, { error: (tls?.error ?? pop.code ?? 'untrusted').slice(0, 200) }),
        );
      }
      reasons.push(reason(pop.uidl ? 'uidl' : 'no-uidl', !!pop.uidl, {}));
    } else {
      reasons.push(reason('no-pop', false, { pop3: p.ports.pop3, pop3s: p.ports.pop3s }));
    }
    const banner = answered.find((f) => f.mail2000);
    if (banner) {
      score += WEIGHTS.mail2000;
      const g = (result(banner)?.greeting ?? '').split('\n')[0]!.trim().slice(0, 80);
      reasons.push(reason('mail2000', true, { banner: g }));
    }
    const own = inDomain(host, domain);
    if (own) score += WEIGHTS.ownDomain;
    reasons.push(reason(own ? 'own-domain' : 'other-domain', own, { host, domain }));
    reasons.push(
      reason('services', true, { n: answered.length, total: facts.length, list: answered.map((f) => `${f.service} ${f.port}`).join(', ') }),
    );
    const choice: DiscoverChoice = {
      host,
      rank: 0,
      score,
      ...(pop ? { pop: { port: pop.port, ssl: pop.tls === 'implicit' } } : {}),
      ports: { ...DEFAULT_PORTS, ...p.ports },
      services: facts,
      reasons,
      mail2000: !!banner,
      ownDomain: own,
    };
    return [{ choice, answered: answered.length, order }];
  });
  scored.sort((a, b) => b.choice.score - a.choice.score || b.answered - a.answered || a.order - b.order);
  return scored.map((s, i) => ({ ...s.choice, rank: i + 1 }));
}
