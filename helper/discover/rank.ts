/**
 * From probe results to ranked choices with their reasons. Each criterion outweighs every one
 * below it together, so the reasons read in the order they counted:
 * POP3 answers (Gmail fetches only POP3) > POP3 with SSL on connect > a trusted certificate that
 * names the host > UIDL (needed to leave a copy) > a Mail2000 greeting > a name in the address's
 * own domain; the number of services that answered breaks ties.
 *
 * Gmail offers SSL on connect (995) or no encryption (110), nothing else, so what a choice
 * proposes to Gmail is always SSL. STLS on 110 is reported as a fact about the server, never as
 * encryption Gmail could use. When only plain POP3 answered here, the SSL port is kept and the
 * reason says so: a network that filters 995 (or someone dropping packets to it during a
 * discovery) must not talk us into having Google fetch the password in clear from its own network.
 */
import { DEFAULT_PORTS, SERVICES, SERVICE_TLS, isMail2000Banner, type Service } from '@/contract/mail2000';
import type { ServiceResult } from '@/contract/protocol';
import type { DiscoverCandidate, DiscoverChoice, DiscoverReason, ReasonCode, ServiceFacts } from '@/contract/discovery';
import { inDomain } from './candidates';

export const WEIGHTS = { pop: 64, implicit: 32, cert: 16, uidl: 8, mail2000: 4, ownDomain: 2 } as const;

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

type Say = { en: string; zh_TW: string };
const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

const TEXT: Record<ReasonCode, Say> = {
  'tls-implicit': { en: 'POP3 encrypts from the first byte (SSL on port {port})', zh_TW: 'POP3 一連線就加密（SSL，連接埠 {port}）' },
  'pop3s-silent': {
    en: 'POP3 with SSL (port {port}) did not answer from this network ({code}); Gmail is still given SSL on 995: Google fetches from its own network, not from here',
    zh_TW: 'POP3 的 SSL（連接埠 {port}）從這個網路沒有回應（{code}）；仍請 Gmail 使用 995 的 SSL：Google 是從它自己的網路收信，不是從這裡',
  },
  'tls-starttls': {
    en: 'POP3 on port {port} offers STLS, which Gmail cannot use: Gmail offers only SSL on 995 or no encryption on 110',
    zh_TW: 'POP3 連接埠 {port} 提供 STLS，但 Gmail 無法使用：Gmail 只提供 995 的 SSL 或 110 不加密',
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
  'inside-network': {
    en: '{host} answered at {address}, an address inside this network: Google fetches from the internet and may see another address, or none',
    zh_TW: '{host} 是在 {address} 回應，這是這個網路內部的位址：Google 從網際網路收信，看到的可能是別的位址，或根本連不到',
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
    const result = (f: ServiceFacts) => p.results.find((r) => r.service === f.service);
    const certReason = (f: ServiceFacts) =>
      f.certOk
        ? reason('cert-ok', true, { host })
        : reason('cert-bad', false, { error: (result(f)?.tls?.error ?? f.code ?? 'untrusted').slice(0, 200) });
    // Gmail's two ways: SSL on connect (pop3s), or plain text (pop3), whatever STLS the latter offers.
    const ssl = answered.find((f) => f.service === 'pop3s' && f.tls === 'implicit');
    const plain = answered.find((f) => f.service === 'pop3');
    let score = 0;
    let pop: DiscoverChoice['pop'];
    if (ssl) {
      score += WEIGHTS.pop + WEIGHTS.implicit + (ssl.certOk ? WEIGHTS.cert : 0) + (ssl.uidl ? WEIGHTS.uidl : 0);
      pop = { port: ssl.port, ssl: true, reached: true };
      reasons.push(
        reason('tls-implicit', true, { port: ssl.port }),
        certReason(ssl),
        reason(ssl.uidl ? 'uidl' : 'no-uidl', !!ssl.uidl, {}),
      );
    } else if (plain) {
      score += WEIGHTS.pop + (plain.uidl ? WEIGHTS.uidl : 0);
      pop = { port: p.ports.pop3s, ssl: true, reached: false };
      const silent = facts.find((f) => f.service === 'pop3s');
      reasons.push(reason('pop3s-silent', false, { port: p.ports.pop3s, code: silent?.code ?? 'no answer' }));
      if (plain.tls === 'starttls') reasons.push(reason('tls-starttls', false, { port: plain.port }), certReason(plain));
      else reasons.push(reason('tls-none', false, { port: plain.port }));
      reasons.push(reason(plain.uidl ? 'uidl' : 'no-uidl', !!plain.uidl, {}));
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
    const inside = p.candidate.inside[0];
    if (inside) reasons.push(reason('inside-network', false, { host, address: inside }));
    reasons.push(
      reason('services', true, { n: answered.length, total: facts.length, list: answered.map((f) => `${f.service} ${f.port}`).join(', ') }),
    );
    const choice: DiscoverChoice = {
      host,
      rank: 0,
      score,
      ...(pop ? { pop } : {}),
      ports: { ...DEFAULT_PORTS, ...p.ports },
      services: facts,
      reasons,
      mail2000: !!banner,
      ownDomain: own,
      inside: inside !== undefined,
    };
    return [{ choice, answered: answered.length, order }];
  });
  scored.sort((a, b) => b.choice.score - a.choice.score || b.answered - a.answered || a.order - b.order);
  return scored.map((s, i) => ({ ...s.choice, rank: i + 1 }));
}
