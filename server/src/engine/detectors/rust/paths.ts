import type { Node } from 'web-tree-sitter';

/** A leading `::` (`::std::thread::spawn`): the path starts at a crate name, never at a local binding. */
export const ABSOLUTE = '::';

/**
 * The segments of a path as written: `thread::Builder::new` → [thread, Builder, new]; `spawn::<T>` →
 * [spawn]; `Vec::<u8>::new` → [Vec, new]. Null for forms that are not plain paths (`<T as Trait>::f`).
 */
export function pathSegments(node: Node | null): string[] | null {
  if (!node) return null;
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'field_identifier':
    case 'self':
    case 'super':
    case 'crate':
    case 'metavariable':
      return [node.text];
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const name = node.childForFieldName('name');
      if (!name) return null;
      const pathNode = node.childForFieldName('path');
      if (!pathNode) return node.text.startsWith('::') ? [ABSOLUTE, name.text] : [name.text];
      const prefix = pathSegments(pathNode);
      return prefix ? [...prefix, name.text] : null;
    }
    case 'generic_type':
      return pathSegments(node.childForFieldName('type'));
    case 'generic_function':
      return pathSegments(node.childForFieldName('function'));
    default:
      return null;
  }
}
