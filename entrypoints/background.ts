import { registerProbe } from '@/utils/background/register-probe';

export default defineBackground(() => {
  // Message routing is added by the features that need it.
  registerProbe();
});
