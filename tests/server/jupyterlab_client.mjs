// JupyterLab's own client library (@jupyterlab/services, test-only) driving a jovi
// server, as JupyterLab does: sessions, kernels, execution, contents, checkpoints.
//
// Usage: node jupyterlab_client.mjs '{"baseUrl": "http://127.0.0.1:PORT/", "token": "T",
//                                     "framing": "v1" | "json"}'
// Prints one JSON object: what each step saw (the Python test checks it).

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const services = require('@jupyterlab/services');
const WebSocket = require('ws');

const options = JSON.parse(process.argv[2]);

// A WebSocket that offers no subprotocol: the server then answers in the default
// (JSON) framing, as it does for clients older than the v1 protocol.
class JsonOnlyWebSocket extends WebSocket {
  constructor(url) {
    super(url);
  }
}

const serverSettings = services.ServerConnection.makeSettings({
  baseUrl: options.baseUrl,
  wsUrl: options.baseUrl.replace(/^http/, 'ws'),
  token: options.token,
  appendToken: true,
  WebSocket: options.framing === 'json' ? JsonOnlyWebSocket : WebSocket,
  fetch: globalThis.fetch,
  Request: globalThis.Request,
  Headers: globalThis.Headers,
});

function withTimeout(promise, what, ms = 30000) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function execute(kernel, code) {
  const future = kernel.requestExecute({ code });
  const iopub = [];
  future.onIOPub = (msg) => iopub.push(msg);
  const reply = await withTimeout(future.done, `executing ${JSON.stringify(code)}`);
  const stdout = iopub
    .filter((m) => m.header.msg_type === 'stream' && m.content.name === 'stdout')
    .map((m) => m.content.text)
    .join('');
  const results = iopub
    .filter((m) => m.header.msg_type === 'execute_result')
    .map((m) => m.content.data['text/plain']);
  return { status: reply.content.status, ename: reply.content.ename, stdout, results };
}

async function main() {
  const seen = {};
  const kernelManager = new services.KernelManager({ serverSettings });
  const sessionManager = new services.SessionManager({ kernelManager, serverSettings });
  const contents = new services.ContentsManager({ serverSettings });

  const specs = await services.KernelSpecAPI.getSpecs(serverSettings);
  seen.defaultSpec = specs.default;
  seen.specNames = Object.keys(specs.kernelspecs).sort();

  // A notebook, saved and read back.
  const created = await contents.newUntitled({ path: '', type: 'notebook' });
  seen.untitled = created.path;
  const notebook = {
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, source: 'print(1)', outputs: [], execution_count: null }],
    metadata: {}, nbformat: 4, nbformat_minor: 5,
  };
  await contents.save(created.path, { type: 'notebook', format: 'json', content: notebook });
  const read = await contents.get(created.path, { content: true });
  seen.readSource = read.content.cells[0].source;

  // A session for it, with a kernel; code runs and its outputs come back.
  const session = await sessionManager.startNew({
    path: created.path, type: 'notebook', name: created.name, kernel: { name: 'jovi' },
  });
  const kernel = session.kernel;
  await withTimeout(kernel.info, 'kernel_info');
  seen.protocol = kernel.handleComms !== undefined ? 'ok' : 'missing';
  seen.implementation = (await kernel.info).implementation;
  seen.first = await execute(kernel, "print('hello from jovi'); 6 * 7");
  seen.framing = kernel._ws ? kernel._ws.protocol : 'unknown';

  // Rename the notebook: the session follows it.
  const renamed = await contents.rename(created.path, 'renamed.ipynb');
  seen.renamed = renamed.path;
  await session.setPath('renamed.ipynb');
  const sessions = await services.SessionAPI.listRunning(serverSettings);
  seen.sessionPaths = sessions.map((s) => s.path);

  // Checkpoints: list, create, change, restore.
  const checkpoint = await contents.createCheckpoint('renamed.ipynb');
  seen.checkpointId = checkpoint.id;
  seen.checkpoints = (await contents.listCheckpoints('renamed.ipynb')).map((c) => c.id);
  const changed = { ...notebook, cells: [{ ...notebook.cells[0], source: 'changed' }] };
  await contents.save('renamed.ipynb', { type: 'notebook', format: 'json', content: changed });
  await contents.restoreCheckpoint('renamed.ipynb', checkpoint.id);
  seen.restoredSource = (await contents.get('renamed.ipynb')).content.cells[0].source;

  // Interrupt a long cell.
  const sleeper = kernel.requestExecute({ code: "import time\nprint('sleeping', flush=True)\ntime.sleep(60)" });
  await new Promise((resolve) => {
    sleeper.onIOPub = (msg) => { if (msg.header.msg_type === 'stream') resolve(); };
  });
  await kernel.interrupt();
  const interrupted = await withTimeout(sleeper.done, 'the interrupted cell');
  seen.interrupted = interrupted.content.ename;

  // Restart: the kernel runs again, with a fresh namespace.
  await execute(kernel, 'x = 1');
  await withTimeout(kernel.restart(), 'restart');
  seen.afterRestart = await execute(kernel, "print('x' in dir())");

  await session.shutdown();
  seen.kernelsLeft = (await services.KernelAPI.listRunning(serverSettings)).length;
  sessionManager.dispose();
  kernelManager.dispose();
  return seen;
}

main().then(
  (seen) => {
    process.stdout.write(JSON.stringify(seen) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`FAILED: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
