/** `1 file`, `2 files`: counts in the report, the .wasm view and the status texts. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
