/**
 * Plain-language hints (zh-TW and en) for every failure code the probe reports, with the Mail2000
 * advice where it applies. The hint `code` is stable (tests and the popup key on it); it equals the
 * stage code except where the advice depends on context (ETIMEDOUT_PORT25, WRONG_PROTOCOL_IMAP_ON_POP ...).
 * This table lives in the helper rather than in _locales because the command line prints it too.
 */
import type { Hint } from '@/contract/protocol';
import { MAIL2000_HOST, SERVICE_PROTOCOL, type Service } from '@/contract/mail2000';

export interface HintContext {
  service: Service;
  port: number;
  /** For WRONG_PROTOCOL: which protocol the greeting looked like. */
  seen?: 'pop3' | 'imap' | 'smtp' | 'unknown';
  daysLeft?: number;
}

type Text = { en: string; zh_TW: string };
type Entry = (ctx: HintContext) => Text;

const proto = (s: Service): string => SERVICE_PROTOCOL[s].toUpperCase();
const zhSwitchOn = (s: Service): string =>
  `請到 Mail2000「個人設定 → 收發信服務」確認 ${proto(s) === 'IMAP' ? 'IMAP4' : proto(s)} 服務已開啟。`;
const enSwitchOn = (s: Service): string =>
  `Make sure the ${proto(s) === 'IMAP' ? 'IMAP4' : proto(s)} service is switched on in Mail2000 personal settings (收發信服務).`;
const sslPort = (s: Service): number => ({ pop3: 995, imap: 993, smtp: 465 })[SERVICE_PROTOCOL[s]];
const plainPort = (s: Service): number => ({ pop3: 110, imap: 143, smtp: 25 })[SERVICE_PROTOCOL[s]];

const certAdvice: Text = {
  en: 'Gmail refuses such a certificate when "Always use a secure connection (SSL)" is ticked. If this is your school\'s server, tell the IT staff; do not work around it by turning SSL off.',
  zh_TW: '勾選「擷取郵件時一律使用安全連線 (SSL)」時 Gmail 會拒絕這種憑證。若這是學校的伺服器，請通知電算中心；不要以關閉 SSL 的方式繞過。',
};
const cert =
  (en: string, zh: string): Entry =>
  () => ({ en: `${en} ${certAdvice.en}`, zh_TW: `${zh}${certAdvice.zh_TW}` });

const TABLE: Record<string, Entry> = {
  DNS: () => ({
    en: `The server name could not be found. Check the spelling (Mail2000: ${MAIL2000_HOST}) and your network's DNS.`,
    zh_TW: `找不到這個伺服器名稱。請確認拼字（Mail2000 為 ${MAIL2000_HOST}）以及網路的 DNS 設定。`,
  }),
  ECONNREFUSED: (c) => ({
    en: `Nothing accepts connections on port ${c.port}: the service is off or this is the wrong port. ${proto(c.service)} uses ${plainPort(c.service)} or ${sslPort(c.service)} (SSL).`,
    zh_TW: `連接埠 ${c.port} 沒有服務回應（連線被拒）：服務未開啟或連接埠錯誤。${proto(c.service)} 使用 ${plainPort(c.service)} 或 ${sslPort(c.service)}（SSL）。`,
  }),
  ETIMEDOUT: (c) => ({
    en: `No answer on port ${c.port} in time. A firewall may be dropping the connection, or the server is overloaded. Try from another network (e.g. a phone hotspot) to compare.`,
    zh_TW: `連接埠 ${c.port} 在時限內沒有回應。可能是防火牆擋下了連線，或伺服器忙碌。可換個網路（例如手機熱點）比較看看。`,
  }),
  ETIMEDOUT_PORT25: () => ({
    en: 'No answer on port 25. Many home, campus and mobile networks block outgoing port 25 to stop spam; that is normal. To send mail use 465 (SSL) or 587 instead.',
    zh_TW: '連接埠 25 沒有回應。許多家用、校園與行動網路為了防堵垃圾信會封鎖對外的 25 埠，這很常見。寄信請改用 465（SSL）或 587。',
  }),
  ECONNRESET: (c) => ({
    en: `The server (or something in between) cut the connection on port ${c.port}. A firewall or an antivirus "mail shield" may be interfering, or the server limits connections.`,
    zh_TW: `伺服器（或中間設備）在連接埠 ${c.port} 中斷了連線。可能是防火牆或防毒軟體的郵件防護在干擾，或伺服器限制了連線數。`,
  }),
  ECONNCLOSED: (c) => ({
    en: `The server closed the connection on port ${c.port} before answering. ${enSwitchOn(c.service)}`,
    zh_TW: `伺服器在連接埠 ${c.port} 回應前就關閉了連線。${zhSwitchOn(c.service)}`,
  }),
  UNREACHABLE: () => ({
    en: 'Your computer has no route to the server. Check the network connection or VPN.',
    zh_TW: '電腦無法連到伺服器所在的網路。請檢查網路連線或 VPN。',
  }),
  DEPTH_ZERO_SELF_SIGNED_CERT: cert(
    'The server uses a self-signed certificate, which no mail client trusts.',
    '伺服器使用自簽憑證，郵件程式都不會信任。',
  ),
  SELF_SIGNED_CERT_IN_CHAIN: cert(
    'The certificate chain ends in a self-signed root that is not trusted.',
    '憑證鏈的根憑證是未受信任的自簽憑證。',
  ),
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: cert(
    'The certificate is signed by an unknown authority, or the server does not send its intermediate certificate.',
    '憑證由未知的憑證機構簽發，或伺服器沒有送出中繼憑證。',
  ),
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: cert(
    'The certificate is signed by an unknown authority, or the server does not send its intermediate certificate.',
    '憑證由未知的憑證機構簽發，或伺服器沒有送出中繼憑證。',
  ),
  CERT_HAS_EXPIRED: cert("The server's certificate has expired.", '伺服器的憑證已過期。'),
  CERT_NOT_YET_VALID: cert(
    "The server's certificate is not valid yet (check your computer's clock).",
    '伺服器的憑證尚未生效（請確認電腦時間是否正確）。',
  ),
  ERR_TLS_CERT_ALTNAME_INVALID: (c) =>
    cert(
      `The certificate is for another name, not the server you asked for. Use the name on the certificate (Mail2000: ${MAIL2000_HOST}).`,
      `憑證上的名稱與您連線的伺服器名稱不符。請使用憑證上的名稱（Mail2000 為 ${MAIL2000_HOST}）。`,
    )(c),
  CERT_UNTRUSTED: cert("The server's certificate is not trusted.", '伺服器的憑證不受信任。'),
  TLS_WRONG_VERSION: (c) => ({
    en: `Port ${c.port} does not speak SSL/TLS from the start: it expects STARTTLS or plain text. Use ${sslPort(c.service)} with SSL, or ${plainPort(c.service)} without. (Gmail: "SSL protocol error".)`,
    zh_TW: `連接埠 ${c.port} 不是一連線就用 SSL/TLS，而是使用 STARTTLS 或未加密。請用 ${sslPort(c.service)} 並勾選 SSL，或用 ${plainPort(c.service)} 不勾 SSL。（Gmail 會顯示「SSL protocol error」。）`,
  }),
  TLS_OLD_VERSION: (c) => ({
    en: `The server on port ${c.port} only offers an old TLS version (TLS 1.0/1.1) that current software refuses. Tell the IT staff: the server needs TLS 1.2 or newer.`,
    zh_TW: `連接埠 ${c.port} 的伺服器只支援已淘汰的舊版 TLS（1.0/1.1），現今的軟體會拒絕連線。請通知電算中心將伺服器升級到 TLS 1.2 以上。`,
  }),
  TLS_HANDSHAKE: (c) => ({
    en: `The TLS handshake on port ${c.port} failed: the server and this computer found no common settings (version or cipher).`,
    zh_TW: `連接埠 ${c.port} 的 TLS 交握失敗：伺服器與這台電腦沒有共同支援的版本或加密方式。`,
  }),
  TLS_EXPECTED: (c) => ({
    en: `Port ${c.port} expects SSL/TLS from the first byte and says nothing to a plain connection. Tick SSL${SERVICE_PROTOCOL[c.service] === 'pop3' ? ' (995 needs SSL)' : ''}.`,
    zh_TW: `連接埠 ${c.port} 需要一連線就使用 SSL/TLS，未加密的連線不會得到任何回應。請勾選 SSL${SERVICE_PROTOCOL[c.service] === 'pop3' ? '（995 必須搭配 SSL）' : ''}。`,
  }),
  WRONG_PROTOCOL_IMAP_ON_POP: (c) => ({
    en: `Port ${c.port} answers as an IMAP server, not POP3. Gmail says "Missing +OK response upon connecting to the server". POP3 uses 995 (SSL) or 110.`,
    zh_TW: `連接埠 ${c.port} 回應的是 IMAP，而不是 POP3。Gmail 會顯示「Missing +OK response upon connecting to the server」。POP3 請用 995（SSL）或 110。`,
  }),
  WRONG_PROTOCOL: (c) => ({
    en: `Port ${c.port} answers with ${c.seen && c.seen !== 'unknown' ? `a ${c.seen.toUpperCase()} greeting` : 'something that is not a mail greeting'}, not ${proto(c.service)}. Check the port: ${proto(c.service)} uses ${plainPort(c.service)} or ${sslPort(c.service)} (SSL).`,
    zh_TW: `連接埠 ${c.port} 回應的是${c.seen && c.seen !== 'unknown' ? ` ${c.seen.toUpperCase()} ` : '非郵件協定的'}內容，而不是 ${proto(c.service)}。請確認連接埠：${proto(c.service)} 使用 ${plainPort(c.service)} 或 ${sslPort(c.service)}（SSL）。`,
  }),
  GREETING_REFUSED: (c) => ({
    en: `The server answered but refused the session. ${enSwitchOn(c.service)} It may also limit connections; try again later.`,
    zh_TW: `伺服器有回應但拒絕了連線。${zhSwitchOn(c.service)}伺服器也可能限制連線數，請稍後再試。`,
  }),
  TOO_MUCH_DATA: (c) => ({
    en: `Port ${c.port} sent far more data than a mail server greeting; the probe stopped reading. Something other than a mail server (or a broken proxy) is on this port.`,
    zh_TW: `連接埠 ${c.port} 送出的資料遠超過郵件伺服器的問候訊息，檢測已停止讀取。這個連接埠上可能不是郵件伺服器（或是異常的代理）。`,
  }),
  BAD_REPLY: (c) => ({
    en: `The server on port ${c.port} gave an answer the probe did not expect for ${proto(c.service)}.`,
    zh_TW: `連接埠 ${c.port} 的伺服器回應不符合 ${proto(c.service)} 的預期。`,
  }),
  STARTTLS_REFUSED: (c) => ({
    en: `The server offers STARTTLS but refused it. Use ${sslPort(c.service)} with SSL instead.`,
    zh_TW: `伺服器宣稱支援 STARTTLS 卻拒絕了。請改用 ${sslPort(c.service)} 並勾選 SSL。`,
  }),
  AUTH_REJECTED: (c) => ({
    en: `The server refused the user name or password. Use the Mail2000 account password: it is NOT the school SSO password. ${enSwitchOn(c.service)}`,
    zh_TW: `伺服器拒絕了帳號或密碼。請使用 Mail2000 信箱本身的密碼，它與校務系統（SSO）的密碼不同步。${zhSwitchOn(c.service)}`,
  }),
  AUTH_REFUSED_PLAIN: (c) => ({
    en: `The password was not sent: this connection on port ${c.port} is not encrypted. Test the login on ${sslPort(c.service)} (SSL) instead.`,
    zh_TW: `沒有送出密碼：連接埠 ${c.port} 的連線沒有加密。請改在 ${sslPort(c.service)}（SSL）測試登入。`,
  }),
  ABORTED: () => ({ en: 'The probe was cancelled.', zh_TW: '檢測已取消。' }),
  BAD_COMMAND: () => ({
    en: 'The login was not tested: the user name or password contains a line break or NUL character, which would have been sent as a separate command. Type them again without one.',
    zh_TW: '沒有測試登入：帳號或密碼含有換行或 NUL 字元，送出時會被當成另一道指令。請重新輸入，不要包含這些字元。',
  }),
  // Warnings: the service works, but something needs attention.
  POP3_NO_UIDL: () => ({
    en: 'The server does not list UIDL. Gmail\'s "Leave a copy of retrieved message on the server" needs it: untick that box, or Gmail says the server "does not support leaving messages on the server".',
    zh_TW:
      '伺服器沒有提供 UIDL。Gmail 的「在伺服器上保留已擷取郵件的副本」需要它：請取消勾選，否則 Gmail 會顯示伺服器「不支援在伺服器上保留郵件」。',
  }),
  NO_STARTTLS: (c) => ({
    en: `Port ${c.port} offers no STARTTLS, so everything (including the password) would travel unencrypted. Prefer ${sslPort(c.service)} with SSL.`,
    zh_TW: `連接埠 ${c.port} 不支援 STARTTLS，包含密碼在內的所有內容都會以明文傳送。建議改用 ${sslPort(c.service)} 並勾選 SSL。`,
  }),
  CERT_EXPIRING: (c) => ({
    en: `The server's certificate expires in ${c.daysLeft ?? '?'} days. After that, Gmail and mail programs will refuse SSL connections until it is renewed.`,
    zh_TW: `伺服器憑證將在 ${c.daysLeft ?? '?'} 天後到期。到期後 Gmail 與郵件程式會拒絕 SSL 連線，直到憑證更新。`,
  }),
};

/** Maps a stage code (Node's or ours) to the hint key. */
function keyFor(code: string, ctx: HintContext): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'DNS';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'UNREACHABLE';
    case 'EPIPE':
      return 'ECONNRESET';
    case 'ETIMEDOUT':
      return ctx.port === 25 ? 'ETIMEDOUT_PORT25' : 'ETIMEDOUT';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
    case 'ERR_SSL_HTTP_REQUEST':
      return 'TLS_WRONG_VERSION';
    case 'ERR_SSL_UNSUPPORTED_PROTOCOL':
    case 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION':
    case 'ERR_SSL_NO_PROTOCOLS_AVAILABLE':
      return 'TLS_OLD_VERSION';
    case 'WRONG_PROTOCOL':
      return SERVICE_PROTOCOL[ctx.service] === 'pop3' && ctx.seen === 'imap' ? 'WRONG_PROTOCOL_IMAP_ON_POP' : 'WRONG_PROTOCOL';
    default:
      if (code in TABLE) return code;
      if (/CERT|ISSUER|SIGNATURE|CHAIN/.test(code)) return 'CERT_UNTRUSTED';
      if (/^ERR_SSL_/.test(code)) return 'TLS_HANDSHAKE';
      return '';
  }
}

/** The hint for a code, or a generic one naming the code when the table has none. */
export function hintFor(code: string, ctx: HintContext): Hint {
  const key = keyFor(code, ctx);
  const entry = key ? TABLE[key] : undefined;
  if (entry) return { code: key, ...entry(ctx) };
  return {
    code: code.slice(0, 64) || 'UNKNOWN',
    en: `Port ${ctx.port} failed with ${code}.`,
    zh_TW: `連接埠 ${ctx.port} 發生錯誤：${code}。`,
  };
}

/** Every hint key, for tests that check both languages are filled in. */
export const HINT_KEYS = Object.keys(TABLE);
