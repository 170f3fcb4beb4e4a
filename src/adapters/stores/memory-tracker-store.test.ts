import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { MemoryTrackerStore } from './memory-tracker-store.ts';

describeTrackerStoreContract('memory', async () => ({
  open: async (options) => new MemoryTrackerStore(options),
  persistent: false,
  dispose: async () => {},
}));
