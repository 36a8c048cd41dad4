// `npm run deploy`: build, validate, then hand over to the SuiteCloud CLI when it is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const cli = 'node_modules/.bin/suitecloud';
if (!existsSync(cli)) {
  console.error(`The SuiteCloud CLI is not installed (it is an optional dependency: its installer downloads a Java jar).
To deploy:
  1. Install Java 17 (e.g. apt-get install openjdk-17-jre) and run: npm install @oracle/suitecloud-cli
  2. Link your account once: npx suitecloud account:setup   (choose "browser-based" or machine-to-machine auth)
  3. Run: npm run deploy`);
  process.exit(1);
}
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
execFileSync('npm', ['run', 'validate'], { stdio: 'inherit' });
const result = spawnSync(cli, ['project:deploy', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
