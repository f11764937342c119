import { MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { cppPackage } from '../engine/detectors/cbuild/packages';
import { goPackages } from '../engine/detectors/gomod/analyze';
import { normalizeName } from '../engine/detectors/pypi/pep508';
import { pypiPackages } from '../engine/detectors/pypi/knowledge';
import type { Knowledge } from '../engine/knowledge/load';
import type { FindingData } from './diagnostics';

/** What the knowledge base says of a package: the capability, why, the fact's source, the alternative. */
interface PackageFact {
  capabilities: string[];
  why: string;
  alternative?: string | null;
  source: string;
  versions?: string;
}

/**
 * Hover on a dependency's line: for each dependency finding there, what the package needs and why, where that
 * fact comes from, the alternative, and the finding's verdict per host. Facts come from rules/packages; a
 * finding from evidence alone (an install script, a `-sys` crate) shows its message.
 */
export function hover(kb: Knowledge, diagnostics: Diagnostic[], position: Position): Hover | null {
  const here = diagnostics.filter((d) => {
    const data = d.data as FindingData | undefined;
    return data?.origin === 'dependency' && data.package && contains(d, position);
  });
  if (here.length === 0) return null;
  const sections: string[] = [];
  const seen = new Set<string>();
  for (const diagnostic of here) {
    const data = diagnostic.data as FindingData;
    const pkg = data.package!;
    const key = `${pkg.ecosystem}:${pkg.name}:${data.capability}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const facts = packageFacts(kb, pkg.ecosystem, pkg.name).filter((f) => f.capabilities.includes(data.capability));
    const chain = [...pkg.via, pkg.name];
    const lines = [`**${pkg.name}**${pkg.version ? ` ${pkg.version}` : ''} needs \`${data.capability}\`${chain.length > 1 ? ` (through ${chain.join(' → ')})` : ''}`];
    if (facts.length === 0) lines.push('', typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
    for (const fact of facts) {
      lines.push('', `Why: ${fact.why}${fact.versions ? ` (versions ${fact.versions})` : ''}`);
      if (fact.alternative) lines.push('', `Instead: ${fact.alternative}`);
      lines.push('', `Source: ${fact.source}`);
    }
    lines.push('', `[${diagnostic.code}](${diagnostic.codeDescription?.href ?? ''})`);
    sections.push(lines.join('\n'));
  }
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: here[0].range };
}

function contains(diagnostic: Diagnostic, position: Position): boolean {
  // The whole line of the declaration answers, not only the name's characters.
  return position.line >= diagnostic.range.start.line && position.line <= diagnostic.range.end.line;
}

function packageFacts(kb: Knowledge, ecosystem: string, name: string): PackageFact[] {
  if (ecosystem === 'npm') return (kb.npmPackages.get(name) ?? []) as PackageFact[];
  if (ecosystem === 'cargo') return (kb.cargo.crates.get(name) ?? []) as unknown as PackageFact[];
  const entry =
    ecosystem === 'go' ? goPackages().get(name)
    : ecosystem === 'pypi' ? pypiPackages().get(normalizeName(name))
    : ecosystem === 'vcpkg' || ecosystem === 'conan' ? cppPackage(ecosystem, name)
    : undefined;
  return entry ? [entry] : [];
}
