import { render } from 'preact';
import { t, uiLanguage } from '@/utils/i18n/translate';
import { OptionsApp } from './App';

document.documentElement.lang = uiLanguage() === 'en' ? 'en' : 'zh-Hant-TW';
document.title = t('opt_title');
render(<OptionsApp />, document.getElementById('app')!);
