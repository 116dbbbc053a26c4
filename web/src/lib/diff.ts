/**
 * A line diff for comparing two versions of a schema: the longest common subsequence of lines, written as
 * kept/removed/added lines. Schemas are a few hundred lines, where the O(n·m) table is instant; above the
 * cap it falls back to "everything changed" rather than freezing the page. (Written here rather than taken
 * from `diff` because that package is not a dependency and these thirty lines are all the page needs.)
 */
export interface DiffLine {
  readonly kind: 'same' | 'removed' | 'added';
  readonly text: string;
  /** Line number in the old text (same, removed) and in the new text (same, added). */
  readonly oldLine?: number;
  readonly newLine?: number;
}

const MAX_CELLS = 4_000_000;

export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  // Common head and tail first: most versions differ in a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: DiffLine[] = a.slice(0, head).map((text, i) => ({ kind: 'same', text, oldLine: i + 1, newLine: i + 1 }));
  if (midA.length * midB.length > MAX_CELLS) {
    midA.forEach((text, i) => out.push({ kind: 'removed', text, oldLine: head + i + 1 }));
    midB.forEach((text, i) => out.push({ kind: 'added', text, newLine: head + i + 1 }));
  } else {
    const n = midA.length;
    const m = midB.length;
    // lcs[i][j]: length of the LCS of midA[i..] and midB[j..], in one flat array.
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * (m + 1) + j] =
          midA[i] === midB[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ kind: 'same', text: midA[i]!, oldLine: head + i + 1, newLine: head + j + 1 });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!)) {
        // Removals before additions, as diff tools print a changed line.
        out.push({ kind: 'removed', text: midA[i]!, oldLine: head + i + 1 });
        i++;
      } else {
        out.push({ kind: 'added', text: midB[j]!, newLine: head + j + 1 });
        j++;
      }
    }
  }
  const offsetA = a.length - tail;
  const offsetB = b.length - tail;
  for (let k = 0; k < tail; k++) out.push({ kind: 'same', text: a[offsetA + k]!, oldLine: offsetA + k + 1, newLine: offsetB + k + 1 });
  return out;
}
