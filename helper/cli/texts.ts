/**
 * The command line's own texts in both languages (the probe's hints come with the report).
 * Kept apart from public/_locales, which belongs to the extension.
 */
import type { StageName } from '@/contract/protocol';
import type { SkipReason } from '@/contract/discovery';
import type { Lang } from './lang';

const en = {
  usage: `m2k-probe: Mail2000 mail server probe and browser helper

Usage:
  m2k-probe check [HOST] [options]   probe POP3, IMAP and SMTP on HOST (default {host})
  m2k-probe discover ADDRESS [options]
                                     find the mail server for an address (or its domain)
  m2k-probe send-test ADDRESS --user NAME --password-stdin [options]
                                     send one test message from ADDRESS to itself through
                                     the school's server, to prove forwarding works
  m2k-probe install [options]        register the helper with your browsers
  m2k-probe uninstall                remove exactly what install wrote
  m2k-probe status                   show what is installed where
  m2k-probe --help | --version
  m2k-probe                          (the downloaded program, e.g. double-clicked) install for
                                     every browser found and say what was done

check options:
  --pop3 PORT  --pop3s PORT  --imap PORT  --imaps PORT
  --smtp PORT  --smtps PORT  --submission PORT      use another port for that service
  --only SERVICES        comma-separated, e.g. pop3s,imaps (default: all seven)
  --ca FILE              also trust this CA certificate (PEM) when checking certificates
  --timeout MS           limit for the whole run (default 10000)
  --json                 print the report as JSON
  --user NAME --password-stdin
                         test a login over TLS; the password is read as one line from
                         standard input and never printed or stored

discover options:
  --pop3 PORT ... --submission PORT, --ca FILE, --json  as for check
  --timeout MS           limit for the whole discovery (default 15000)
  --dns IP[:PORT]        ask this DNS server instead of the system's

send-test options:
  --host HOST            the school's mail server (default: the known Mail2000 site of
                         ADDRESS's domain; required for any other domain)
  --smtps PORT  --submission PORT  --imaps PORT  --pop3s PORT
                         other ports (default 465, 587, 993, 995)
  --check-copy           also look for the kept copy in the inbox (IMAP 993, else POP3 995)
  --ca FILE, --dns IP[:PORT], --json   as for check and discover
  --timeout MS           limit for the whole test (default 60000)
  Exit status: 0 the message was accepted (and with --check-copy its copy found, no bounce).

install options:
  --browser LIST         chrome, chromium, edge, brave, firefox or all (comma-separated;
                         default: every browser that has a profile on this computer)
  --user-data-dir DIR    a Chromium started with --user-data-dir DIR
  --allow HOST[:PORT+PORT][,...]
                         more mail servers the extension may probe; PORTs are allowed in
                         addition to the standard mail ports, e.g. 127.0.0.1:10110+10995
  --extension-id ID      (development) also accept this Chromium extension id
  --addon-id ID          (development) also accept this Firefox add-on id

all commands:
  --lang zh-TW|en        language of the output (default: from LC_ALL / LC_MESSAGES / LANG)
  --json                 machine-readable output (check, discover, send-test, install, uninstall, status)

Exit status: 0 all probed services passed, 1 a service failed (or an error), 2 bad usage.
`,
  tryHelp: 'Run m2k-probe --help for the options.',
  usageError: 'm2k-probe: {message}',
  head: { service: 'Service', port: 'Port', result: 'Result', time: 'Time', stage: 'Failed at', cert: 'Certificate / login' },
  ok: 'OK',
  fail: 'FAIL',
  summary: '{host}: {passed} of {total} services passed in {ms} ms',
  hints: 'What to check:',
  warnings: 'Notes:',
  certTrusted: 'trusted, {days} days left',
  certUntrusted: 'NOT trusted: {error}',
  auth: {
    accepted: 'login accepted',
    rejected: 'login rejected',
    'not-tried': 'login not tried',
    'refused-plain': 'login refused: no TLS',
  },
  stage: {
    dns: 'DNS',
    tcp: 'TCP',
    tls: 'TLS',
    greeting: 'greeting',
    capabilities: 'capabilities',
    starttls: 'STARTTLS',
    auth: 'login',
    quit: 'QUIT',
  } as Record<StageName, string>,
  passwordPrompt: 'Password for {user}: ',
  emptyPassword: 'no password on standard input',
  installed: 'Installed the browser helper for: {targets}',
  wrote: '  wrote {path}',
  registry: '  registry {key}',
  allowList: 'Servers the extension may probe: {allow}',
  uninstalled: 'Removed:',
  removed: '  removed {path}',
  kept: '  left in place (changed since install): {path}',
  registryGone: '  already gone: {path}',
  registryFailed: '  could not remove (still there): {path}',
  refused: '  not touched (install never writes there; the install record was changed): {path}',
  configBackup: 'The old config.json could not be read; it is kept as {path}',
  setupDone: 'The Mail2000 Gmail Bridge helper is installed in {dir}.',
  setupFor: 'The extension can now check the mail server from: {browsers}.',
  setupRestart: 'If {browsers} is open, close it and open it again.',
  setupDelete: 'You may delete the file you downloaded; the installed copy stays.',
  setupNoBrowser:
    'No Chrome, Edge, Brave, Chromium or Firefox was found for this user. Open your browser once, then run this program again.',
  setupUninstall: 'To remove it: {program} uninstall',
  pressEnter: 'Press Enter to close this window.',
  packageSetup: 'The Mail2000 Gmail Bridge helper was installed {scope} by its installer package, in {dir}.',
  packageNothing: 'There is nothing more to do here. If a browser was open when it was installed, close it and open it again.',
  packageRemove: 'To remove the helper in {dir}: Settings › Apps › {name}.',
  packageScope: { user: 'for this user', machine: 'for every user of this computer' } as Record<'user' | 'machine', string>,
  packageInstallNothing:
    'This copy was installed by its installer package and is already set up for every browser. To let the extension check another mail server: m2k-probe install --allow HOST',
  packageConfigDenied: 'cannot write {path}: the helper installed for every user can only be changed by an administrator (IT staff)',
  statusPackage: 'Browser helper installed {scope} by its installer package in {dir} (version {version})',
  statusPackageKey: '  {state}  {key} → {value}',
  keyElsewhere: 'OTHER  ',
  notInstalled: 'Nothing to remove: the browser helper is not installed (no record in {dir}).',
  statusInstalled: 'Browser helper installed in {dir} (updated {when}, Node {node})',
  statusInstalledProgram: 'Browser helper installed in {dir} (updated {when})',
  statusNot: 'Browser helper not installed (looked in {dir}).',
  statusFile: '  {state}  {kind} {target}{path}',
  foreign: '  other copy  {target}: {path}',
  outdated: 'The installed program differs from this one ({bundle}); run m2k-probe install again to update it.',
  state: { ok: 'ok     ', missing: 'MISSING', changed: 'CHANGED' },
  kind: { manifest: 'manifest', launcher: 'launcher', bundle: 'program', config: 'config', program: 'program' } as Record<
    'manifest' | 'launcher' | 'bundle' | 'config' | 'program',
    string
  >,
  browser: {
    chrome: 'Google Chrome',
    chromium: 'Chromium',
    edge: 'Microsoft Edge',
    brave: 'Brave',
    firefox: 'Firefox',
    custom: 'Chromium (--user-data-dir)',
  } as Record<string, string>,
  and: ' and ',
  failed: 'm2k-probe: {message}',
  sendTest: {
    head: 'Forwarding test: {address} through {host} ({why})',
    whyGiven: 'named with --host',
    whyKnown: "the known Mail2000 site of the address's domain",
    subject: 'Subject: {subject}',
    token: 'Test code: {token}',
    steps: 'Steps:',
    ok: 'OK',
    fail: 'FAIL',
    sent: 'Sent: yes, through {service} (port {port}), in {ms} ms',
    notSent: 'Sent: no',
    serverSaid: 'The server said: {text}',
    copyFound: 'Copy in the Mail2000 inbox: found {s} s after sending ({via}, {looks} looks)',
    copyMissing: 'Copy in the Mail2000 inbox: not found within {s} s ({via}, {looks} looks{code})',
    bounce: 'Bounce: {status}{reply}{recipient}{detail}',
    manual: 'Send it by hand from the webmail instead: to {to}, subject:',
    policy: 'What this means for forwarded mail ({domain}):',
    spf: 'SPF: {state}',
    spfNone: 'no record',
    spfListed: 'names the server {host}',
    spfNotListed: 'does not name the server {host}',
    spfUnknown: 'cannot tell whether it names {host}',
    dmarc: 'DMARC: {state}',
    dmarcNone: 'no record',
    dmarcPolicy: 'p={policy}',
    noHost: 'ADDRESS: {domain} is no known Mail2000 site; name its mail server with --host (the password must not go to a guessed server)',
  },
  discover: {
    summary: '{domain}: {candidates} names tried, {working} answered, in {ms} ms',
    best: 'Best choice: {host}, POP3 {port} {ssl}',
    ssl: 'with SSL',
    notReached:
      'POP3 with SSL (port {port}) did not answer from this network. Keep SSL on 995 in Gmail anyway: Google fetches from its own network, not from here.',
    why: 'Why:',
    others: 'Other working choices:',
    none: 'No mail server answered for {domain}. Check the address, or ask your school which server to use.',
    head: { rank: '#', host: 'Server', score: 'Score', pop: 'POP3', services: 'Answered' },
    notResolved: 'not found in DNS ({code})',
    alias: 'same server as {host}',
    names: 'Names tried:',
    inside: '{address} (inside this network)',
    noneUsed: 'no address to connect to',
    skipped: 'not contacted: {address} ({why})',
    skipReason: {
      loopback: 'loopback, this computer itself',
      unspecified: 'unspecified address',
      'link-local': 'link-local address',
      multicast: 'multicast address',
      broadcast: 'broadcast address',
      reserved: 'reserved address',
    } as Record<SkipReason, string>,
  },
};

type Texts = typeof en;

const zhTW: Texts = {
  usage: `m2k-probe：Mail2000 郵件伺服器檢測與瀏覽器輔助程式

用法：
  m2k-probe check [主機] [選項]      檢測主機的 POP3、IMAP、SMTP（預設 {host}）
  m2k-probe discover 地址 [選項]
                                     從電子郵件地址（或其網域）找出郵件伺服器
  m2k-probe send-test 地址 --user 帳號 --password-stdin [選項]
                                     經學校伺服器從該地址寄一封測試信給自己，
                                     證明轉寄能運作
  m2k-probe install [選項]           為瀏覽器註冊輔助程式
  m2k-probe uninstall                移除 install 寫入的所有項目
  m2k-probe status                   顯示安裝了哪些項目、在哪裡
  m2k-probe --help | --version
  m2k-probe                          （下載的程式，例如按兩下執行）為找到的每個瀏覽器安裝，
                                     並說明做了什麼

check 選項：
  --pop3 連接埠  --pop3s 連接埠  --imap 連接埠  --imaps 連接埠
  --smtp 連接埠  --smtps 連接埠  --submission 連接埠   為該服務改用其他連接埠
  --only 服務            以逗號分隔，例如 pop3s,imaps（預設：全部七項）
  --ca 檔案              檢查憑證時另外信任此 CA 憑證（PEM）
  --timeout 毫秒         整次檢測的時間上限（預設 10000）
  --json                 以 JSON 輸出報告
  --user 帳號 --password-stdin
                         透過 TLS 測試登入；密碼從標準輸入讀取一行，
                         不會顯示也不會儲存

discover 選項：
  --pop3 連接埠 … --submission 連接埠、--ca 檔案、--json  與 check 相同
  --timeout 毫秒         整次探索的時間上限（預設 15000）
  --dns IP[:連接埠]      改問這台 DNS 伺服器，而不是系統的設定

send-test 選項：
  --host 主機            學校的郵件伺服器（預設：地址網域已知的 Mail2000 站台；
                         其他網域必須指定）
  --smtps 連接埠  --submission 連接埠  --imaps 連接埠  --pop3s 連接埠
                         改用其他連接埠（預設 465、587、993、995）
  --check-copy           另外到收件匣找保留的副本（IMAP 993，不行再用 POP3 995）
  --ca 檔案、--dns IP[:連接埠]、--json   與 check、discover 相同
  --timeout 毫秒         整次測試的時間上限（預設 60000）
  結束代碼：0 伺服器已收下測試信（加上 --check-copy 時還要找到副本且沒有退信）。

install 選項：
  --browser 清單         chrome、chromium、edge、brave、firefox 或 all（逗號分隔；
                         預設：這台電腦上有設定檔的每個瀏覽器）
  --user-data-dir 目錄   以 --user-data-dir 目錄 啟動的 Chromium
  --allow 主機[:連接埠+連接埠][,...]
                         擴充功能可檢測的其他郵件伺服器；列出的連接埠會加在
                         標準郵件連接埠之外，例如 127.0.0.1:10110+10995
  --extension-id ID      （開發用）另外接受此 Chromium 擴充功能 ID
  --addon-id ID          （開發用）另外接受此 Firefox 附加元件 ID

所有指令：
  --lang zh-TW|en        輸出語言（預設依 LC_ALL / LC_MESSAGES / LANG）
  --json                 機器可讀的輸出（check、discover、send-test、install、uninstall、status）

結束代碼：0 所有檢測的服務皆正常，1 有服務失敗（或發生錯誤），2 用法錯誤。
`,
  tryHelp: '執行 m2k-probe --help 查看選項。',
  usageError: 'm2k-probe：{message}',
  head: { service: '服務', port: '連接埠', result: '結果', time: '時間', stage: '失敗階段', cert: '憑證／登入' },
  ok: '正常',
  fail: '失敗',
  summary: '{host}：{total} 項服務中 {passed} 項正常，共 {ms} 毫秒',
  hints: '請檢查：',
  warnings: '注意：',
  certTrusted: '受信任，剩 {days} 天',
  certUntrusted: '不受信任：{error}',
  auth: { accepted: '登入成功', rejected: '登入被拒', 'not-tried': '未測試登入', 'refused-plain': '未加密，不測試登入' },
  stage: {
    dns: 'DNS',
    tcp: 'TCP',
    tls: 'TLS',
    greeting: '歡迎訊息',
    capabilities: '功能清單',
    starttls: 'STARTTLS',
    auth: '登入',
    quit: 'QUIT',
  },
  passwordPrompt: '{user} 的密碼：',
  emptyPassword: '標準輸入沒有密碼',
  installed: '已為以下瀏覽器安裝輔助程式：{targets}',
  wrote: '  寫入 {path}',
  registry: '  登錄機碼 {key}',
  allowList: '擴充功能可檢測的伺服器：{allow}',
  uninstalled: '已移除：',
  removed: '  移除 {path}',
  kept: '  保留（安裝後已被修改）：{path}',
  registryGone: '  已不存在：{path}',
  registryFailed: '  無法移除（仍存在）：{path}',
  refused: '  未處理（安裝程式從不寫入該處；安裝紀錄已被修改）：{path}',
  configBackup: '原本的 config.json 無法讀取，已保留為 {path}',
  setupDone: 'Mail2000 Gmail Bridge 輔助程式已安裝於 {dir}。',
  setupFor: '擴充功能現在可以從以下瀏覽器檢查郵件伺服器：{browsers}。',
  setupRestart: '如果 {browsers} 正在執行，請關閉後重新開啟。',
  setupDelete: '下載的檔案可以刪除，已安裝的副本會保留。',
  setupNoBrowser: '找不到這個使用者的 Chrome、Edge、Brave、Chromium 或 Firefox。請先開啟瀏覽器一次，再執行本程式。',
  setupUninstall: '若要移除：{program} uninstall',
  pressEnter: '按 Enter 鍵關閉此視窗。',
  packageSetup: 'Mail2000 Gmail Bridge 輔助程式已由安裝套件{scope}安裝於 {dir}。',
  packageNothing: '這裡不需要再做什麼。如果安裝時瀏覽器正在執行，請關閉後重新開啟。',
  packageRemove: '若要移除 {dir} 中的輔助程式：「設定」›「應用程式」›「{name}」。',
  packageScope: { user: '為這位使用者', machine: '為這台電腦的所有使用者' },
  packageInstallNothing:
    '這份程式是由安裝套件安裝的，已為每個瀏覽器設定好。若要讓擴充功能檢查其他郵件伺服器：m2k-probe install --allow 主機名稱',
  packageConfigDenied: '無法寫入 {path}：為所有使用者安裝的輔助程式只有系統管理員（資訊人員）可以修改',
  statusPackage: '輔助程式已由安裝套件{scope}安裝於 {dir}（版本 {version}）',
  statusPackageKey: '  {state}  {key} → {value}',
  keyElsewhere: '其他   ',
  notInstalled: '沒有可移除的項目：輔助程式未安裝（{dir} 中沒有安裝紀錄）。',
  statusInstalled: '輔助程式安裝於 {dir}（更新於 {when}，Node {node}）',
  statusInstalledProgram: '輔助程式安裝於 {dir}（更新於 {when}）',
  statusNot: '輔助程式未安裝（已查看 {dir}）。',
  statusFile: '  {state}  {kind} {target}{path}',
  foreign: '  其他副本  {target}：{path}',
  outdated: '已安裝的程式與目前這份（{bundle}）不同；請再執行一次 m2k-probe install 以更新。',
  state: { ok: '正常   ', missing: '遺失   ', changed: '已變更 ' },
  kind: { manifest: '註冊檔', launcher: '啟動程式', bundle: '程式', config: '設定檔', program: '程式' },
  browser: {
    chrome: 'Google Chrome',
    chromium: 'Chromium',
    edge: 'Microsoft Edge',
    brave: 'Brave',
    firefox: 'Firefox',
    custom: 'Chromium（--user-data-dir）',
  },
  and: '、',
  failed: 'm2k-probe：{message}',
  sendTest: {
    head: '轉寄測試：{address}，經由 {host}（{why}）',
    whyGiven: '以 --host 指定',
    whyKnown: '地址網域已知的 Mail2000 站台',
    subject: '主旨：{subject}',
    token: '測試代碼：{token}',
    steps: '步驟：',
    ok: '正常',
    fail: '失敗',
    sent: '寄出：是，經由 {service}（連接埠 {port}），共 {ms} 毫秒',
    notSent: '寄出：否',
    serverSaid: '伺服器回應：{text}',
    copyFound: 'Mail2000 收件匣的副本：寄出後 {s} 秒找到（{via}，看了 {looks} 次）',
    copyMissing: 'Mail2000 收件匣的副本：{s} 秒內沒有找到（{via}，看了 {looks} 次{code}）',
    bounce: '退信：{status}{reply}{recipient}{detail}',
    manual: '請改從網頁郵件手動寄出：收件人 {to}，主旨：',
    policy: '這對轉寄的信代表什麼（{domain}）：',
    spf: 'SPF：{state}',
    spfNone: '沒有紀錄',
    spfListed: '列有伺服器 {host}',
    spfNotListed: '沒有列出伺服器 {host}',
    spfUnknown: '無法判斷是否列有 {host}',
    dmarc: 'DMARC：{state}',
    dmarcNone: '沒有紀錄',
    dmarcPolicy: 'p={policy}',
    noHost: '地址：{domain} 不是已知的 Mail2000 站台；請用 --host 指定它的郵件伺服器（密碼不能送到猜測的伺服器）',
  },
  discover: {
    summary: '{domain}：試了 {candidates} 個名稱，{working} 個有回應，共 {ms} 毫秒',
    best: '最佳選擇：{host}，POP3 {port} {ssl}',
    ssl: '使用 SSL',
    notReached: 'POP3 的 SSL（連接埠 {port}）從這個網路沒有回應。Gmail 仍請設定 995 使用 SSL：Google 是從它自己的網路收信，不是從這裡。',
    why: '原因：',
    others: '其他可用的選擇：',
    none: '{domain} 沒有任何郵件伺服器回應。請確認地址，或詢問學校該用哪台伺服器。',
    head: { rank: '#', host: '伺服器', score: '分數', pop: 'POP3', services: '有回應' },
    notResolved: 'DNS 查無此名稱（{code}）',
    alias: '與 {host} 是同一台伺服器',
    names: '試過的名稱：',
    inside: '{address}（這個網路內部）',
    noneUsed: '沒有可連線的位址',
    skipped: '未連線：{address}（{why}）',
    skipReason: {
      loopback: '迴路位址，即這台電腦本身',
      unspecified: '未指定位址',
      'link-local': '鏈路本地位址',
      multicast: '群播位址',
      broadcast: '廣播位址',
      reserved: '保留位址',
    },
  },
};

export function texts(lang: Lang): Texts {
  return lang === 'zh-TW' ? zhTW : en;
}

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
