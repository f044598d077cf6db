// Real-browser test harness: see README.md in this folder.
export * from './paths';
export * from './fake-gmail';
export * from './chromium';
export * from './chromium-gmail';
export * from './fake-gmail-server';
export * from './firefox';
export * from './policy-root';
