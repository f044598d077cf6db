import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { readFileSync } from 'node:fs';
import { EXTENSION_PUBLIC_KEY, GECKO_ID } from './contract/ids';
import { privacyPolicyUrl, releasePageUrl } from './contract/release';
import { SETTINGS_CHUNK_FILE } from './utils/gmail/settings-chunk';
import { SERVICES } from './contract/mail2000';
import { MANAGED_SCHEMA_FILE, managedStorageSchema } from './utils/profile/managed-schema';

// Where the popup sends people for the companion program: the release page of package.json's
// `repository`, or M2K_HELPER_DOWNLOAD_URL for a school that hosts the files itself.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const helperDownloadUrl = process.env.M2K_HELPER_DOWNLOAD_URL || releasePageUrl(pkg.repository);
if (!/^https:\/\//.test(helperDownloadUrl)) throw new Error(`M2K_HELPER_DOWNLOAD_URL must be an https URL: ${helperDownloadUrl}`);

// One config for both browsers; differences are keyed on `browser` so each build gets only what it accepts.
export default defineConfig({
  // Parallel work (and the test harness) can build into its own folder: M2K_OUT=.output-x npm run build
  outDir: process.env.M2K_OUT ?? '.output',
  // MV3 for both browsers (WXT would build MV2 for Firefox by default); Firefox gets background.scripts.
  manifestVersion: 3,
  // The Firefox sources package is what an add-on reviewer rebuilds from (README: `npm ci && npx wxt build -b firefox`):
  // built files and tests are not needed for that.
  zip: {
    excludeSources: ['dist/**', 'release/**', 'tests/**', 'screenshots/**', 'coverage/**'],
  },
  modules: ['@wxt-dev/auto-icons'],
  hooks: {
    // The managed storage schema Chrome and Edge read (docs/deploy.md); written from the one list of
    // fields a policy may set. Firefox takes the same keys from policies.json and has no such file.
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.browser !== 'firefox')
        files.push({ relativeDest: MANAGED_SCHEMA_FILE, contents: JSON.stringify(managedStorageSchema(SERVICES), null, 2) + '\n' });
    },
  },
  // One drawing, rendered to every size the manifests and stores need (16, 32, 48, 128).
  autoIcons: { baseIconPath: 'assets/icon.svg', sizes: [128, 48, 32, 16], developmentIndicator: false },
  vite: () => ({
    plugins: [preact()],
    define: {
      __M2K_HELPER_DOWNLOAD_URL__: JSON.stringify(helperDownloadUrl),
      __M2K_PRIVACY_URL__: JSON.stringify(privacyPolicyUrl(pkg.repository)),
      // Test builds only: a shorter feed watch for the forwarding test (utils/forward-test/watch-limits.ts).
      __M2K_TEST_FEED_WATCH__: JSON.stringify(process.env.M2K_TEST_FEED_WATCH ?? ''),
    },
    build: { sourcemap: false },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_TW',
    // scripting: the forwarding assistant on a webmail the person allowed is registered at run time.
    permissions: ['storage', 'nativeMessaging', 'scripting'],
    host_permissions: ['https://mail.google.com/*'],
    // Asked for one webmail origin at a time, from the options page, after the person's click; never all at once.
    optional_host_permissions: ['https://*/*'],
    // The settings code the Gmail content script imports where it is needed (utils/gmail/settings-chunk.ts):
    // a content script can import() only a web-accessible file, in both browsers.
    web_accessible_resources: [{ resources: [SETTINGS_CHUNK_FILE], matches: ['https://mail.google.com/*'] }],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // 140 (an ESR) is the first that understands data_collection_permissions.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learned data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : { key: EXTENSION_PUBLIC_KEY, storage: { managed_schema: MANAGED_SCHEMA_FILE } }),
  }),
});
