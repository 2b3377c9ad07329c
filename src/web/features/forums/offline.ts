// What the forums page keeps on the device for offline use (issue 21): a commune's (or province's) forums and
// events of the dates chosen, once opened, sealed in the vault (reads.ts). Writes made offline wait in the outbox.
import { allowOfflineReads } from '../../app/offline/reads.ts';

allowOfflineReads(/^\/api\/communes\/\d+\/forums(\?[^/]*)?$/);
allowOfflineReads(/^\/api\/communes\/\d+\/child-events(\?[^/]*)?$/);
