// Empty: a background is needed only so Firefox and Chromium accept the manifest.
