// Every workflow type the `sync` worker serves. Deterministic code only: no I/O, no clocks.
export { connectorCheck } from './connector-check';
