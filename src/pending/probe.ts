// Named points of the upload flow, for the crash tests: a probe called at each one may stop the
// process there (SIGKILL) or throw as a failing disk would. Unset, as in the extension, it costs one
// undefined check per point. Imports nothing.

/**
 * Called at each step boundary of an upload, e.g. `create.before`, `record.uploaded.written`
 * (between a record's write and its rename). May throw; what it throws goes up as that step's failure.
 */
export type Probe = (point: string) => void;
