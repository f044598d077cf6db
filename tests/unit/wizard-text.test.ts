import { describe, expect, it } from 'vitest';
import { normalizeText, textMatches } from '@/utils/gmail/text';
import { WIZARD_TEXTS } from '@/utils/gmail/labels';

describe('normalizeText', () => {
  it.each([
    ['POP Server:', 'pop server'],
    ['Next »', 'next'],
    ['« Back', 'back'],
    ['New label…', 'new label'],
    ['Ｐｏｒｔ：', 'port'],
    ['POP 伺服器：', 'pop伺服器'],
    ['  在 伺服器 上保留\n已擷取郵件的副本。 ', '在伺服器上保留已擷取郵件的副本'],
    ['Import emails from my other account (POP3)', 'import emails from my other account(pop3)'],
    ['Username *', 'username'],
  ])('%j → %j', (input, out) => expect(normalizeText(input)).toBe(out));
});

describe('textMatches', () => {
  it('exact by default, after normalising both sides', () => {
    expect(textMatches('Port:', WIZARD_TEXTS.port)).toBe(true);
    expect(textMatches('通訊埠：', WIZARD_TEXTS.port)).toBe(true);
    expect(textMatches('Port number:', WIZARD_TEXTS.port)).toBe(false);
  });
  it('prefix ends at a word boundary in Latin text, anywhere after Chinese', () => {
    expect(textMatches('Leave a copy of retrieved message on the server. Learn more', WIZARD_TEXTS.leaveCopy, 'prefix')).toBe(true);
    expect(textMatches('Portal', ['port'], 'prefix')).toBe(false);
    expect(textMatches('是，我想要以 a@b.tw 的身分寄送郵件。', WIZARD_TEXTS.sendAsYes, 'prefix')).toBe(true);
    expect(textMatches('No', WIZARD_TEXTS.sendAsNo, 'prefix')).toBe(true);
    expect(textMatches('Nothing', WIZARD_TEXTS.sendAsNo, 'prefix')).toBe(false);
  });
  it('empty text never matches', () => {
    expect(textMatches('  ', WIZARD_TEXTS.port, 'contains')).toBe(false);
  });
});
