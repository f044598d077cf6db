// Leaves a marker the test can read from the page, the way the real content script does.
document.documentElement.setAttribute('data-m2k-fixture', location.pathname);
