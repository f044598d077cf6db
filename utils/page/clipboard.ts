/** Puts text on the clipboard for the copy buttons of our notes and panels; false when the browser refuses. */
export const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
};

export type CopyText = typeof copyText;
