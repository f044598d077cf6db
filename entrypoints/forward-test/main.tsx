import { render } from 'preact';
import { t } from '@/utils/i18n/translate';
import { App } from './App';
import './style.css';

document.title = t('ft_title');
document.documentElement.lang = t('lang');
render(<App />, document.getElementById('app')!);
