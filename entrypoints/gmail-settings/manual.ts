/**
 * The settings a person types by hand when the page cannot be filled or read: the POP server, port,
 * SSL, "leave a copy", label and username of the Mail2000 profile, each with its own copy button in
 * the wizard's note and the Accounts panel. Never the password.
 */
import type { Profile } from '@/utils/profile/schema';
import type { Translate } from '@/utils/i18n/translate';
import { desiredPopSettings } from './wizard/pop-step';

export interface ManualItem {
  key: 'server' | 'port' | 'ssl' | 'leaveCopy' | 'label' | 'username';
  name: string;
  value: string;
}

export function manualSettings(p: Profile, t: Translate): ManualItem[] {
  const w = desiredPopSettings(p);
  const onOff = (b: boolean): string => t(b ? 'wiz_on' : 'wiz_off');
  return [
    { key: 'server', name: t('wiz_field_server'), value: w.server },
    { key: 'port', name: t('wiz_field_port'), value: w.port === null ? t('wiz_none') : String(w.port) },
    { key: 'ssl', name: t('wiz_field_ssl'), value: onOff(w.ssl) },
    { key: 'leaveCopy', name: t('wiz_field_leave_copy'), value: onOff(w.leaveCopy) },
    { key: 'label', name: t('wiz_field_label'), value: w.label ? w.labelName : onOff(false) },
    { key: 'username', name: t('wiz_field_username'), value: w.username },
  ];
}
