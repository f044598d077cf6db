/**
 * Identity of the extension and its companion program. The native messaging host manifest must
 * name the extension exactly, so these are fixed rather than left to the browser.
 */

/** Public key (DER, base64) that pins the Chromium extension id. The private key is not needed to load it. */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqH+kEpebV3xytnVHPd2gvFc8DBConT1ugcEmDiPtEQTN2+uftSwGU/HlIaHTw1Vfsk395OZZVBAHXeilsCJAPBtoHqDtTFDwBH3uwF/RMYHEr7e0kpr/bWHo4R5AwAD2di8Vq6d87ZZs4NIehUUk1fboUi0QTS9980+oyE/zeviTY6pbt1p6a0PeZnvcs6WKuBzHcrYYOEZhDYbMJKJsqcnUMhBmOMJysqXwsvUsHJeGfLxDTMqUcnlQAMm433sbNmAdXpSpcLfdXeqXrra1M4edzZTA8bQo8fgf+BxHPvHrx/7huEn4hoTXvK31zT46zrfdM2+X63o1P22RUUh6hwIDAQAB';

/** sha256 of the DER key above, first 32 hex digits mapped 0-f to a-p (Chromium's rule). */
export const CHROME_EXTENSION_ID = 'glhdbabeainlgcckfnoaimglbgcdlhjd';

/** Firefox add-on id (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'mail2000-gmail-bridge@m2k.tools';

/** Name of the native messaging host (lowercase, dots and underscores only). */
export const NATIVE_HOST_NAME = 'tw.m2k.probe';

export const CHROME_ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}/`;
