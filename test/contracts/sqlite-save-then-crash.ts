/**
 * Child process of the SQLite SIGKILL durability test: saves a conversation in the project folder given
 * as argument, then dies at once without closing anything.
 */
import { createTrackerStore } from '../../src/adapters/stores/store-factory.ts';
import { sampleConversation } from './sample-conversation.ts';

const store = await createTrackerStore(undefined, { projectRoot: process.argv[2] as string });
await store.save(sampleConversation('crash'));
process.kill(process.pid, 'SIGKILL');
