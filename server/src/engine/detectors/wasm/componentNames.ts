/** `namespace:package/interface@version` split into its parts (Component Model "interfacename"). */
export interface InterfaceName {
  package: string;
  interface: string;
  version: string | null;
}

const INTERFACE_NAME = /^([a-z][a-z0-9-]*:[a-z][a-z0-9-]*(?::[a-z][a-z0-9-]*)*)\/([a-z][a-z0-9-]*)(?:@(.+))?$/;

export function parseInterfaceName(name: string): InterfaceName | null {
  const match = INTERFACE_NAME.exec(name);
  if (!match) return null;
  return { package: match[1], interface: match[2], version: match[3] ?? null };
}

/** `wasi:http/types` without its version. */
export function unversioned(name: InterfaceName): string {
  return `${name.package}/${name.interface}`;
}
