import { describeBusContract } from './bus.contract.ts';
import { InProcessBus } from './in-process-bus.ts';

describeBusContract('in-process', {
  open: (opts) => Promise.resolve(new InProcessBus(opts)),
  crossInstance: false,
});
