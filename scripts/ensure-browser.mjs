// Browser tests drive Debian's Chromium; on a fresh machine (as root) install it from Debian's packages.
// Never a download of a tool's own browser. If it still is missing, the browser tests fail loudly.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Cài Chromium cho kiểm thử trình duyệt / installing Debian chromium for browser tests…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } else {
    console.error(
      `Chromium not found at ${path}: install Debian's "chromium" package (or set CHROMIUM_PATH); browser tests will fail.`,
    );
  }
}
