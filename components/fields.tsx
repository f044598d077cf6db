/**
 * Labelled form fields for extension pages. Every input has a real <label for>, its hint and error
 * are tied to it with aria-describedby, and an error sets aria-invalid, so screen readers and
 * keyboard users get what the eye gets. Strings come in already translated.
 */
import type { ComponentChildren, Ref } from 'preact';

interface Common {
  id: string;
  label: string;
  testId?: string;
  hint?: ComponentChildren;
  /** Translated message; present means the field is in error. */
  error?: string;
  errorTestId?: string;
  disabled?: boolean;
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Help({ id, hint, error, errorTestId }: Pick<Common, 'id' | 'hint' | 'error' | 'errorTestId'>) {
  return (
    <>
      {hint ? (
        <p class="m2k-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="m2k-error" id={`${id}-error`} data-testid={errorTestId}>
          {error}
        </p>
      ) : null}
    </>
  );
}

export interface TextFieldProps extends Common {
  value: string;
  onValue: (v: string) => void;
  onBlur?: () => void;
  type?: 'text' | 'email';
  inputMode?: 'text' | 'numeric' | 'email';
  placeholder?: string;
  autoComplete?: string;
  list?: string;
  inputRef?: Ref<HTMLInputElement>;
  size?: number;
}

export function TextField(p: TextFieldProps) {
  return (
    <div class={`m2k-field${p.error ? ' m2k-field-invalid' : ''}`}>
      <label for={p.id}>{p.label}</label>
      <input
        id={p.id}
        ref={p.inputRef}
        type={p.type ?? 'text'}
        inputMode={p.inputMode}
        value={p.value}
        placeholder={p.placeholder}
        autoComplete={p.autoComplete ?? 'off'}
        spellcheck={false}
        list={p.list}
        size={p.size}
        disabled={p.disabled}
        data-testid={p.testId}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        onInput={(e) => p.onValue(e.currentTarget.value)}
        onBlur={p.onBlur}
      />
      <Help id={p.id} hint={p.hint} error={p.error} errorTestId={p.errorTestId} />
    </div>
  );
}

export interface CheckboxFieldProps extends Omit<Common, 'error' | 'errorTestId'> {
  checked: boolean;
  onChecked: (v: boolean) => void;
}

export function CheckboxField(p: CheckboxFieldProps) {
  return (
    <div class="m2k-field m2k-check">
      <input
        id={p.id}
        type="checkbox"
        checked={p.checked}
        disabled={p.disabled}
        data-testid={p.testId}
        aria-describedby={describedBy(p.id, p.hint, undefined)}
        onChange={(e) => p.onChecked(e.currentTarget.checked)}
      />
      <label for={p.id}>{p.label}</label>
      <Help id={p.id} hint={p.hint} />
    </div>
  );
}
