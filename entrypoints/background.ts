import { registerProbe } from '@/utils/background/register-probe';
import { registerSetupIntent } from '@/utils/background/setup-intent';
import { registerAuditStore } from '@/utils/background/audit-store';
import { registerProfileReply } from '@/utils/background/profile-reply';

export default defineBackground(() => {
  // A thin router: each feature registers its own listeners and answers only its own messages.
  registerProbe();
  registerSetupIntent();
  registerAuditStore();
  registerProfileReply();
});
