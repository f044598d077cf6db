import { render } from 'preact';
import { t } from '@/utils/i18n/translate';
import { App } from './App';
import './style.css';

document.title = t('extName');
document.documentElement.lang = t('lang');
render(<App />, document.getElementById('app')!);
// For the benchmark (popup.first_render_ms): when the first frame of the app is in the DOM.
performance.mark('m2k-rendered');
