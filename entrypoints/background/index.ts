import { registerProbe } from './register-probe';
import { registerSetupIntent } from './setup-intent';
import { registerAuditStore } from './audit-store';
import { registerProfileReply } from './profile-reply';

export default defineBackground(() => {
  // A thin router: each feature registers its own listeners and answers only its own messages.
  registerProbe();
  registerSetupIntent();
  registerAuditStore();
  registerProfileReply();
});
