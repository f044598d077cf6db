import { describe, expect, it } from 'vitest';
import { normalizeText, textMatches } from '@/utils/page/text';
// Phrases as Gmail shows them, for the matching rules themselves (fields are matched by words).
const PORT = ['Port', '通訊埠', '連接埠'];
const LEAVE_COPY = ['Leave a copy of retrieved message on the server'];
const SEND_AS_YES = ['Yes, I want to be able to send mail as', '是，我想要以'];
const SEND_AS_NO = ['No', '否', '不用了'];

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
    expect(textMatches('Port:', PORT)).toBe(true);
    expect(textMatches('通訊埠：', PORT)).toBe(true);
    expect(textMatches('Port number:', PORT)).toBe(false);
  });
  it('prefix ends at a word boundary in Latin text, anywhere after Chinese', () => {
    expect(textMatches('Leave a copy of retrieved message on the server. Learn more', LEAVE_COPY, 'prefix')).toBe(true);
    expect(textMatches('Portal', ['port'], 'prefix')).toBe(false);
    expect(textMatches('是，我想要以 a@b.tw 的身分寄送郵件。', SEND_AS_YES, 'prefix')).toBe(true);
    expect(textMatches('No', SEND_AS_NO, 'prefix')).toBe(true);
    expect(textMatches('Nothing', SEND_AS_NO, 'prefix')).toBe(false);
  });
  it('empty text never matches', () => {
    expect(textMatches('  ', PORT, 'contains')).toBe(false);
  });
});
