// `npm start`: build, start the emulator with demo pending uploads, and open VS Code with this
// extension connected to it: desktop VS Code (development mode) when `code` is on the PATH and there
// is a display, otherwise code-server in the browser at a printed loopback URL, with the extension
// linked into a fresh extensions folder. Ctrl+C stops it all.
//   npm start [-- --code-server | --desktop] [--port N] [--no-build]
// The demo keys reach VS Code only as HUAWEICLOUD_SDK_AK/SK in its environment: never on disk.
/* global setInterval */
const fs = require('node:fs');
const path = require('node:path');
const host = require('./host');

const argv = process.argv.slice(2);
const option = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};

/** The `code` command, when desktop VS Code can be started here. */
function desktopCode() {
  if (argv.includes('--code-server')) {
    return undefined;
  }
  const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  const found = (process.env.PATH ?? '').split(path.delimiter).flatMap((dir) => names.map((n) => path.join(dir, n))).find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  });
  if (argv.includes('--desktop')) {
    if (!found) {
      throw new Error('--desktop: no `code` command on the PATH');
    }
    return found;
  }
  return headlessLinux ? undefined : found;
}

/** A folder to open, with a file to try Upload to MetaStudio... (the Explorer's context menu) on. */
function makeWorkspace(sandbox) {
  const workspace = sandbox.folder('workspace');
  fs.writeFileSync(path.join(workspace, 'sample-clip.mp4'), Buffer.alloc(3 * 1024 * 1024, 'MetaStudio Uploads demo bytes\n'));
  return workspace;
}

async function openDesktop(sandbox, code, emulator, workspace) {
  const userDataDir = sandbox.folder('user-data');
  host.writeSettings(userDataDir, host.userSettings(emulator));
  const env = host.credentialEnv(emulator);
  // Inside a VS Code terminal the CLI would hand the request to that running VS Code instead.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  // --wait: the launcher lives as long as the window; --password-store=basic keeps any credentials
  // saved during the demo in this temporary profile, not in the OS keyring.
  const args = ['--new-window', '--wait', '--user-data-dir', userDataDir, '--extensions-dir', sandbox.folder('extensions'),
    `--extensionDevelopmentPath=${host.root}`, '--password-store=basic', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust', workspace];
  const child = sandbox.spawn(code, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  return { child, where: 'a new desktop VS Code window (close it or press Ctrl+C here to stop)' };
}

async function openCodeServer(sandbox, emulator, workspace) {
  console.log('npm start: no desktop VS Code here (no `code` on the PATH, or no display): using code-server.');
  host.setupCodeServer();
  const port = option('--port') ? Number(option('--port')) : undefined;
  console.log('npm start: starting code-server...');
  const server = await host.startCodeServer(sandbox, { settings: host.userSettings(emulator), env: host.credentialEnv(emulator), workspace, extensionsDir: host.linkExtension(sandbox), port });
  return { child: server.child, url: server.url, where: 'open this URL in a browser on this machine (code-server, the extension linked from this folder)' };
}

async function main() {
  const started = Date.now();
  if (!argv.includes('--no-build')) {
    host.build();
  }
  const code = desktopCode();
  const sandbox = new host.Sandbox('metastudio-start-');
  let stopping = false;
  const stop = (exitCode) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('\nStopping the emulator and VS Code...');
    sandbox.stop().then(() => {
      console.log('Stopped.');
      process.exit(exitCode);
    });
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  process.on('SIGHUP', () => stop(0));
  process.on('exit', () => sandbox.stopNow());
  // `kill <npm's pid>` ends npm and its shell but not us: stop when we lose our parent.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop(0), 500).unref();

  try {
    console.log('npm start: starting the MetaStudio emulator with demo data...');
    const emulator = await host.startEmulator(sandbox, ['--seed', 'demo']);
    const workspace = makeWorkspace(sandbox);
    const opened = code ? await openDesktop(sandbox, code, emulator, workspace) : await openCodeServer(sandbox, emulator, workspace);
    opened.child.on('exit', (status) => {
      if (!stopping) {
        console.log(code ? '\nThe VS Code window was closed.' : `\ncode-server exited (${status}).`);
        stop(code ? 0 : 1);
      }
    });
    // The emulator's demo account (public test values), built with it: what Configure Credentials takes here.
    const { DEMO_ACCOUNT } = require(path.join(host.root, 'out/test/emulator/demo.js'));
    const lines = [
      '',
      'MetaStudio Uploads is running against the local MetaStudio emulator.',
      `  Emulator:  ${emulator.url}  (demo project ${emulator.projectId}, pending uploads seeded)`,
      `  VS Code:   ${opened.url ?? 'desktop VS Code, extension in development mode'}`,
      `             ${opened.where}`,
      '             then click the MetaStudio icon in the activity bar to see the pending uploads,',
      '             and right-click sample-clip.mp4 in the Explorer to try Upload to MetaStudio...',
      '  Keys:      the emulator\'s demo credentials: fake, public values that open nothing but this emulator.',
      '             VS Code gets the AK/SK as HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK in its environment only.',
      '             To sign out and back in: MetaStudio: Sign Out (Stop Using Them in This Window), then',
      '             MetaStudio: Configure Credentials with one of these:',
      `               AK/SK            AK ${emulator.ak}  SK ${emulator.sk}`,
      `               Temporary AK/SK  AK ${DEMO_ACCOUNT.temporary.ak}  SK ${DEMO_ACCOUNT.temporary.sk}`,
      `                                security token ${DEMO_ACCOUNT.temporary.securityToken}`,
      `               IAM user         account ${DEMO_ACCOUNT.domainName}  user ${DEMO_ACCOUNT.userName}  password ${DEMO_ACCOUNT.password}`,
      `  Ready after ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl+C to stop everything.`,
      '',
    ];
    console.log(lines.join('\n'));
  } catch (err) {
    console.error(`npm start: ${err instanceof Error ? err.message : err}`);
    stop(1);
  }
}

main().catch((err) => {
  console.error(`npm start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
