// What loads on first use rather than at activation (esbuild.js builds it as dist/lazy.js, beside
// dist/extension.js, whose modules it shares): the command handlers, the client and the upload flow.
export { commandHandlers } from './commands/handlers';
export { MetaStudioClient } from './client/metastudio';
export { Uploader } from './pending/upload';
