/**
 * Loads X-Ray in manual mode in a local-stack process (docs/adr/0029). Import it before anything
 * that may load `aws-xray-sdk-core` (every handler does, through Powertools' Tracer): the SDK picks
 * its mode once, when it is first loaded.
 *
 * Why: outside Lambda the Tracer is disabled, so nothing is traced locally, yet the SDK's automatic
 * mode creates a cls-hooked namespace when it loads. That installs an async hook whose JS callbacks
 * run for every promise of the process and keep a context per async resource. The local stack runs
 * every function in one process, so it paid that for all of them: 10 ms of Node CPU per fault in the
 * ingest bench (53.6 against 43.1 ms, docs/benchmarks.md). Lambda bundles never import this module:
 * a deployed function, traced or not, keeps the SDK's default.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= '1';

export {};
