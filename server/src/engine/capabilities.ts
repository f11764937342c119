/** The capability vocabulary of the public output contract; ids never change meaning. */
export const CAPABILITY_IDS = [
  'threads', 'fs-write', 'fs-read', 'process', 'sockets-listen', 'sockets-outbound', 'http-outbound',
  'native-code', 'dynamic-loading', 'signals', 'host-glue', 'interface-version', 'binary-kind', 'size-limit',
] as const;

export type CapabilityId = (typeof CAPABILITY_IDS)[number];
