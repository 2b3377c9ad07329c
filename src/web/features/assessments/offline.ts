// What the assessment pages keep on the device for offline use (issue 21): the form (its values, result and rule
// set come in one answer), what it shows beside it (the round's returns, the register's counts, a field's history)
// and the list of communes. Only answers the server gave the signed-in person, sealed in the vault (reads.ts).
import { allowOfflineReads } from '../../app/offline/reads.ts';

const ID = String.raw`\d+`;

// The form of one commune and period, with its rule set; and a field's history once opened.
allowOfflineReads(new RegExp(`^/api/units/${ID}/assessments/${ID}$`));
allowOfflineReads(new RegExp(`^/api/units/${ID}/assessments/${ID}/history\\?code=[^&/]+$`));
// The round dossier behind the form (what was returned, and why).
allowOfflineReads(/^\/api\/rounds$/);
allowOfflineReads(new RegExp(`^/api/rounds/${ID}/entries/${ID}$`));
// The register's counts offered beside the inputs (counts only; the children behind them are not kept).
allowOfflineReads(new RegExp(`^/api/communes/${ID}/register/derived\\?periodId=${ID}$`));
// The list: a period's communes (of a province, for those who choose one), the provinces to choose. The periods
// are kept by reads.ts itself: the home page, loaded before this, opens an officer's form from them.
allowOfflineReads(new RegExp(`^/api/periods/${ID}/assessments(\\?provinceId=${ID})?$`));
allowOfflineReads(/^\/api\/units\?level=province&limit=100$/);
