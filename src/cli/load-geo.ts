/**
 * Loads the attribution tables the configuration names, with a progress bar on a terminal
 * and the first malformed lines reported on stderr (the rest counted).
 */
import type { Config } from '../config/config.js';
import type { Attributor } from '../geo/attributor.js';
import { loadDefaultAttributor } from '../geo/load-attributor.js';
import { formatGeoIssue } from '../geo/load-range-csv.js';
import { createProgress } from './progress.js';

const REPORTED_ISSUES = 5;

export async function loadGeo(config: Config, options: { quiet: boolean }): Promise<Attributor> {
  const progress = createProgress('Loading geo tables', { enabled: !options.quiet, unit: 'bytes' });
  let issues = 0;
  try {
    const attributor = await loadDefaultAttributor({
      asnPaths: config.geo.asnTables,
      countryPaths: config.geo.countryTables,
      mmdbPath: config.geo.mmdb,
      accessTypesPath: config.geo.accessTypes,
      onProgress: (done, total) => progress.update(done, total),
      onIssue: (issue) => {
        if (++issues <= REPORTED_ISSUES)
          process.stderr.write(`nightlight: skipped ${formatGeoIssue(issue)}\n`);
      },
    });
    if (issues > REPORTED_ISSUES) {
      process.stderr.write(`nightlight: skipped ${issues} malformed geo table lines in all\n`);
    }
    return attributor;
  } finally {
    progress.stop();
  }
}
