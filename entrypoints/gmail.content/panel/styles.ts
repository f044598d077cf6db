/** The panel's own styles, inside its shadow root so Gmail's CSS and ours never meet. */
export const PANEL_CSS = `
:host { all: initial; display: block; margin: 12px 0; }
.m2k { font: 13px/1.45 "Google Sans", Roboto, "Noto Sans TC", "Noto Sans CJK TC", Arial, sans-serif; color: #1f1f1f;
  background: #f4f8fe; border: 1px solid #c2d7f3; border-radius: 8px; padding: 12px 14px; max-width: 720px; }
.m2k h2 { font-size: 14px; margin: 0 0 6px; }
.m2k h3 { font-size: 13px; margin: 12px 0 4px; }
.m2k p { margin: 4px 0; }
.m2k ul { margin: 4px 0; padding-left: 18px; }
.m2k li { margin: 4px 0; }
.m2k button { font: inherit; cursor: pointer; border-radius: 16px; padding: 6px 14px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; }
.m2k button.secondary { background: #fff; color: #0b57d0; }
.m2k .note { color: #444; }
.m2k .warn { color: #8a4b00; }
.m2k .finding { border-left: 3px solid #b3261e; padding-left: 8px; list-style: none; margin-left: -18px; }
.m2k .finding[data-severity="warn"] { border-color: #c77700; }
.m2k .finding[data-severity="info"] { border-color: #5f6368; }
.m2k .k { font-weight: 600; }
.m2k textarea { width: 100%; height: 120px; font: 11px monospace; }
.m2k a { color: #0b57d0; }
`;
